CREATE TABLE "care_access" (
	"id" text PRIMARY KEY NOT NULL,
	"binding_id" text NOT NULL,
	"person_id" text NOT NULL,
	"carer_person_id" text NOT NULL,
	"status" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "family_quotas" (
	"id" text PRIMARY KEY NOT NULL,
	"binding_id" text NOT NULL,
	"giver_person_id" text NOT NULL,
	"payer_person_id" text NOT NULL,
	"year" integer NOT NULL,
	"annual_fen" bigint NOT NULL,
	"per_payment_fen" bigint,
	"used_fen" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	CONSTRAINT "family_quotas_annual_range" CHECK ("family_quotas"."annual_fen" between 1 and 5000000),
	CONSTRAINT "family_quotas_per_payment" CHECK ("family_quotas"."per_payment_fen" is null or "family_quotas"."per_payment_fen" between 1 and "family_quotas"."annual_fen"),
	CONSTRAINT "family_quotas_used_nonnegative" CHECK ("family_quotas"."used_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "care_access" ADD CONSTRAINT "care_access_binding_id_bindings_id_fk" FOREIGN KEY ("binding_id") REFERENCES "public"."bindings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_access" ADD CONSTRAINT "care_access_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_access" ADD CONSTRAINT "care_access_carer_person_id_persons_id_fk" FOREIGN KEY ("carer_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_quotas" ADD CONSTRAINT "family_quotas_binding_id_bindings_id_fk" FOREIGN KEY ("binding_id") REFERENCES "public"."bindings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_quotas" ADD CONSTRAINT "family_quotas_giver_person_id_persons_id_fk" FOREIGN KEY ("giver_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_quotas" ADD CONSTRAINT "family_quotas_payer_person_id_persons_id_fk" FOREIGN KEY ("payer_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_access_active_uq" ON "care_access" USING btree ("binding_id","person_id") WHERE "care_access"."status" = 'active';--> statement-breakpoint
CREATE INDEX "care_access_carer_idx" ON "care_access" USING btree ("carer_person_id") WHERE "care_access"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "family_quotas_binding_giver_year_uq" ON "family_quotas" USING btree ("binding_id","giver_person_id","year");--> statement-breakpoint
CREATE INDEX "family_quotas_payer_idx" ON "family_quotas" USING btree ("payer_person_id","year");--> statement-breakpoint
CREATE INDEX "family_quotas_giver_idx" ON "family_quotas" USING btree ("giver_person_id","year");