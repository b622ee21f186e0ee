CREATE TABLE "settlement_funding" (
	"id" text PRIMARY KEY NOT NULL,
	"settlement_id" text NOT NULL,
	"seq" integer NOT NULL,
	"quota_id" text NOT NULL,
	"giver_person_id" text NOT NULL,
	"giver_wallet_id" text NOT NULL,
	"account_id" text NOT NULL,
	"from_balance" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"giver_masked_name" text NOT NULL,
	"giver_region_code" text NOT NULL,
	CONSTRAINT "settlement_funding_amount_positive" CHECK ("settlement_funding"."amount_fen" > 0),
	CONSTRAINT "settlement_funding_refund_bounds" CHECK ("settlement_funding"."refunded_fen" between 0 and "settlement_funding"."amount_fen")
);
--> statement-breakpoint
ALTER TABLE "settlement_refunds" DROP CONSTRAINT "settlement_refunds_split";--> statement-breakpoint
ALTER TABLE "settlements" DROP CONSTRAINT "settlements_split";--> statement-breakpoint
ALTER TABLE "settlements" DROP CONSTRAINT "settlements_refund_bounds";--> statement-breakpoint
ALTER TABLE "settlement_refunds" ADD COLUMN "to_quota_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_refunds" ADD COLUMN "funding" jsonb;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "from_quota_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "refunded_quota_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_funding" ADD CONSTRAINT "settlement_funding_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_funding" ADD CONSTRAINT "settlement_funding_quota_id_family_quotas_id_fk" FOREIGN KEY ("quota_id") REFERENCES "public"."family_quotas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_funding_seq_uq" ON "settlement_funding" USING btree ("settlement_id","seq");--> statement-breakpoint
CREATE INDEX "settlement_funding_quota_idx" ON "settlement_funding" USING btree ("quota_id");--> statement-breakpoint
ALTER TABLE "settlement_refunds" ADD CONSTRAINT "settlement_refunds_split" CHECK ("settlement_refunds"."to_own_fen" + "settlement_refunds"."to_received_fen" + "settlement_refunds"."to_quota_fen" = "settlement_refunds"."amount_fen");--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_split" CHECK ("settlements"."from_own_fen" + "settlements"."from_received_fen" + "settlements"."from_quota_fen" = "settlements"."amount_fen");--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_refund_bounds" CHECK ("settlements"."refunded_own_fen" between 0 and "settlements"."from_own_fen" and "settlements"."refunded_received_fen" between 0 and "settlements"."from_received_fen" and "settlements"."refunded_quota_fen" between 0 and "settlements"."from_quota_fen");