CREATE TABLE "sandbox_region_core_returns" (
	"return_id" text PRIMARY KEY NOT NULL,
	"id_hash" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"core_reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personal_account_returns" (
	"id" text PRIMARY KEY NOT NULL,
	"closure_id" text NOT NULL,
	"person_id" text NOT NULL,
	"reason" text NOT NULL,
	"region_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"core_reference" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"journal_transaction_id" text,
	CONSTRAINT "personal_account_returns_amount_positive" CHECK ("personal_account_returns"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "wallet_closures" (
	"id" text PRIMARY KEY NOT NULL,
	"wallet_id" text NOT NULL,
	"person_id" text NOT NULL,
	"closed_by_user_id" text NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"own_fen" bigint NOT NULL,
	"received_fen" bigint NOT NULL,
	"journal_transaction_id" text,
	"sender_returns" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "personal_account_returns_due_idx" ON "personal_account_returns" USING btree ("next_attempt_at") WHERE "personal_account_returns"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "personal_account_returns_closure_idx" ON "personal_account_returns" USING btree ("closure_id");--> statement-breakpoint
CREATE INDEX "personal_account_returns_person_idx" ON "personal_account_returns" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wallet_closures_wallet_uq" ON "wallet_closures" USING btree ("wallet_id");