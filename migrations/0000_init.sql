CREATE TABLE "agent_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "agent_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"channel" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reversals" (
	"id" text PRIMARY KEY NOT NULL,
	"transfer_id" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"journal_transaction_id" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"details" jsonb NOT NULL,
	"chain_pos" bigint,
	"prev_hash" text,
	"hash" text
);
--> statement-breakpoint
CREATE TABLE "conversation_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"card" jsonb,
	"step_id" text,
	"agent_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_replies" (
	"conversation_id" text NOT NULL,
	"step_id" text NOT NULL,
	"response" jsonb,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_replies_conversation_id_step_id_pk" PRIMARY KEY("conversation_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"flow" text NOT NULL,
	"status" text NOT NULL,
	"state" jsonb NOT NULL,
	"language" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"handoff_topic" text,
	"agent_id" text,
	"handed_off_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" text PRIMARY KEY NOT NULL,
	"id_hash" text NOT NULL,
	"id_enc" text NOT NULL,
	"id_last4" text NOT NULL,
	"id_prefix4" text NOT NULL,
	"name_enc" text NOT NULL,
	"name_hash" text NOT NULL,
	"masked_name" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" date NOT NULL,
	"region_code" text NOT NULL,
	"insurance" text NOT NULL,
	"phone_enc" text,
	"phone_hash" text,
	"masked_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"person_id" text,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"real_name_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"account_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"balance_before" bigint,
	"balance_after" bigint,
	"account_version" bigint,
	"business_at" timestamp with time zone NOT NULL,
	CONSTRAINT "journal_entries_nonzero" CHECK ("journal_entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "journal_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"reference" text,
	"reverses_id" text,
	"business_at" timestamp with time zone NOT NULL,
	"booked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"memo" text,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"wallet_id" text,
	"region_code" text,
	"counterparty_region_code" text,
	"merchant_id" text,
	"balance" bigint DEFAULT 0 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_non_negative" CHECK ("ledger_accounts"."allow_negative" OR "ledger_accounts"."balance" >= 0),
	CONSTRAINT "ledger_accounts_pooled_no_cache" CHECK ("ledger_accounts"."mode" = 'cached' OR ("ledger_accounts"."balance" = 0 AND "ledger_accounts"."version" = 0))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"secret_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"bucket" text NOT NULL,
	"window_start" bigint NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_buckets_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
CREATE TABLE "request_nonces" (
	"key_id" text NOT NULL,
	"nonce" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_nonces_key_id_nonce_pk" PRIMARY KEY("key_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "sandbox_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "premium_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"receipt_no" text NOT NULL,
	"payer_wallet_id" text NOT NULL,
	"payer_person_id" text NOT NULL,
	"payer_user_id" text NOT NULL,
	"beneficiary_person_id" text NOT NULL,
	"binding_id" text,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"region_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"from_own_fen" bigint NOT NULL,
	"from_received_fen" bigint NOT NULL,
	"journal_transaction_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"registry_recorded_at" timestamp with time zone,
	CONSTRAINT "premium_payments_amount_positive" CHECK ("premium_payments"."amount_fen" > 0),
	CONSTRAINT "premium_payments_split" CHECK ("premium_payments"."from_own_fen" + "premium_payments"."from_received_fen" = "premium_payments"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "premium_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	CONSTRAINT "premium_schedules_amount_positive" CHECK ("premium_schedules"."amount_fen" > 0),
	CONSTRAINT "premium_schedules_window" CHECK ("premium_schedules"."window_start" <= "premium_schedules"."window_end")
);
--> statement-breakpoint
CREATE TABLE "bindings" (
	"id" text PRIMARY KEY NOT NULL,
	"giver_person_id" text NOT NULL,
	"relative_person_id" text NOT NULL,
	"relation" text NOT NULL,
	"via" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"guardian" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insurance_events" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"reference" text NOT NULL,
	"person_id" text NOT NULL,
	"event" text NOT NULL,
	"new_region_code" text,
	"effective_date" date NOT NULL,
	"request_hash" text NOT NULL,
	"ended_bindings" integer NOT NULL,
	"returned_transfers" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"inviter_person_id" text NOT NULL,
	"inviter_user_id" text NOT NULL,
	"invitee_person_id" text NOT NULL,
	"relation" text NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"binding_id" text
);
--> statement-breakpoint
CREATE TABLE "region_policies" (
	"region_code" text NOT NULL,
	"effective_from" date NOT NULL,
	"relation_scope" text NOT NULL,
	"cross_province" boolean NOT NULL,
	"min_transfer_fen" bigint NOT NULL,
	"max_transfer_fen" bigint NOT NULL,
	"max_daily_transfers" integer NOT NULL,
	"quiet_start" text NOT NULL,
	"quiet_end" text NOT NULL,
	"max_active_bindings" integer NOT NULL,
	CONSTRAINT "region_policies_region_code_effective_from_pk" PRIMARY KEY("region_code","effective_from")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"name" text NOT NULL,
	"province_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_registry_enrolments" (
	"id_hash" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"receipt_no" text NOT NULL,
	CONSTRAINT "sandbox_registry_enrolments_id_hash_kind_year_pk" PRIMARY KEY("id_hash","kind","year")
);
--> statement-breakpoint
CREATE TABLE "sandbox_registry_persons" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"record_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_registry_relations" (
	"id_hash" text NOT NULL,
	"relative_id_hash" text NOT NULL,
	"relation" text NOT NULL,
	CONSTRAINT "sandbox_registry_relations_id_hash_relative_id_hash_relation_pk" PRIMARY KEY("id_hash","relative_id_hash","relation")
);
--> statement-breakpoint
CREATE TABLE "ecodes" (
	"id" text PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"wallet_id" text NOT NULL,
	"requested_by_user_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"settlement_id" text
);
--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"accepts_wallet" boolean NOT NULL,
	"key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"settlement_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"refund_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"to_own_fen" bigint NOT NULL,
	"to_received_fen" bigint NOT NULL,
	"request_hash" text NOT NULL,
	"journal_transaction_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "settlement_refunds_amount_positive" CHECK ("settlement_refunds"."amount_fen" > 0),
	CONSTRAINT "settlement_refunds_split" CHECK ("settlement_refunds"."to_own_fen" + "settlement_refunds"."to_received_fen" = "settlement_refunds"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"wallet_id" text NOT NULL,
	"order_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"from_own_fen" bigint NOT NULL,
	"from_received_fen" bigint NOT NULL,
	"refunded_own_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_received_fen" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"patient_region_code" text NOT NULL,
	"merchant_region_code" text NOT NULL,
	"patient_masked_name" text NOT NULL,
	"ecode_id" text NOT NULL,
	"request_hash" text NOT NULL,
	"journal_transaction_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "settlements_amount_positive" CHECK ("settlements"."amount_fen" > 0),
	CONSTRAINT "settlements_split" CHECK ("settlements"."from_own_fen" + "settlements"."from_received_fen" = "settlements"."amount_fen"),
	CONSTRAINT "settlements_refund_bounds" CHECK ("settlements"."refunded_own_fen" between 0 and "settlements"."from_own_fen" and "settlements"."refunded_received_fen" between 0 and "settlements"."from_received_fen")
);
--> statement-breakpoint
CREATE TABLE "transfer_events" (
	"id" text PRIMARY KEY NOT NULL,
	"transfer_id" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"journal_transaction_id" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"receipt_no" text NOT NULL,
	"binding_id" text NOT NULL,
	"sender_wallet_id" text NOT NULL,
	"recipient_wallet_id" text NOT NULL,
	"sender_person_id" text NOT NULL,
	"recipient_person_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"from_own_fen" bigint NOT NULL,
	"from_received_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"cross_province" boolean NOT NULL,
	"sender_region_code" text NOT NULL,
	"recipient_region_code" text NOT NULL,
	"memo" text,
	"created_at" timestamp with time zone NOT NULL,
	"business_date" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "transfers_amount_positive" CHECK ("transfers"."amount_fen" > 0),
	CONSTRAINT "transfers_split" CHECK ("transfers"."from_own_fen" + "transfers"."from_received_fen" = "transfers"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "personal_account_credits" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"reference" text NOT NULL,
	"wallet_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"period" text NOT NULL,
	"journal_transaction_id" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"manager_user_id" text NOT NULL,
	"opened_by" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"region_code" text NOT NULL,
	"usage_region_code" text NOT NULL,
	"agreement_version" text NOT NULL,
	"own_account_id" text NOT NULL,
	"received_account_id" text NOT NULL,
	"password_hash" text NOT NULL,
	"password_failures" integer DEFAULT 0 NOT NULL,
	"password_locked_until" timestamp with time zone,
	"commitment_text" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"status_reason" text
);
--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD CONSTRAINT "agent_sessions_agent_id_agent_accounts_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reversals" ADD CONSTRAINT "reversals_proposed_by_agent_accounts_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."agent_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reversals" ADD CONSTRAINT "reversals_decided_by_agent_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."agent_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_replies" ADD CONSTRAINT "conversation_replies_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_transaction_id_journal_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."journal_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premium_payments" ADD CONSTRAINT "premium_payments_payer_wallet_id_wallets_id_fk" FOREIGN KEY ("payer_wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premium_payments" ADD CONSTRAINT "premium_payments_payer_person_id_persons_id_fk" FOREIGN KEY ("payer_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premium_payments" ADD CONSTRAINT "premium_payments_beneficiary_person_id_persons_id_fk" FOREIGN KEY ("beneficiary_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premium_schedules" ADD CONSTRAINT "premium_schedules_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_giver_person_id_persons_id_fk" FOREIGN KEY ("giver_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_relative_person_id_persons_id_fk" FOREIGN KEY ("relative_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_inviter_person_id_persons_id_fk" FOREIGN KEY ("inviter_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_inviter_user_id_users_id_fk" FOREIGN KEY ("inviter_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invitee_person_id_persons_id_fk" FOREIGN KEY ("invitee_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_policies" ADD CONSTRAINT "region_policies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ecodes" ADD CONSTRAINT "ecodes_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_refunds" ADD CONSTRAINT "settlement_refunds_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_refunds" ADD CONSTRAINT "settlement_refunds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_manager_user_id_users_id_fk" FOREIGN KEY ("manager_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_accounts_username_uq" ON "agent_accounts" USING btree ("username");--> statement-breakpoint
CREATE INDEX "agent_sessions_agent_idx" ON "agent_sessions" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "agent_sessions_expires_idx" ON "agent_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reversals_transfer_active_uq" ON "reversals" USING btree ("transfer_id") WHERE "reversals"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "reversals_status_idx" ON "reversals" USING btree ("status","proposed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_pos_uq" ON "audit_log" USING btree ("chain_pos");--> statement-breakpoint
CREATE INDEX "audit_log_unchained_idx" ON "audit_log" USING btree ("seq") WHERE chain_pos IS NULL;--> statement-breakpoint
CREATE INDEX "conversation_messages_conv_idx" ON "conversation_messages" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "conversations_user_idx" ON "conversations" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "conversations_handoff_idx" ON "conversations" USING btree ("handed_off_at") WHERE "conversations"."status" in ('waiting_agent', 'with_agent');--> statement-breakpoint
CREATE INDEX "conversations_active_idx" ON "conversations" USING btree ("last_activity_at") WHERE "conversations"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_hash_uq" ON "persons" USING btree ("id_hash");--> statement-breakpoint
CREATE INDEX "persons_name_hash_idx" ON "persons" USING btree ("name_hash");--> statement-breakpoint
CREATE INDEX "persons_phone_hash_idx" ON "persons" USING btree ("phone_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "users_provider_subject_uq" ON "users" USING btree ("provider","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "users_person_uq" ON "users" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "journal_entries_account_idx" ON "journal_entries" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "journal_entries_transaction_idx" ON "journal_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entries_account_version_uq" ON "journal_entries" USING btree ("account_id","account_version");--> statement-breakpoint
CREATE INDEX "journal_transactions_reference_idx" ON "journal_transactions" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_transactions_reverses_uq" ON "journal_transactions" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_wallet_idx" ON "ledger_accounts" USING btree ("wallet_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "request_nonces_created_idx" ON "request_nonces" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "premium_payments_receipt_uq" ON "premium_payments" USING btree ("receipt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "premium_payments_one_per_year_uq" ON "premium_payments" USING btree ("beneficiary_person_id","kind","year");--> statement-breakpoint
CREATE INDEX "premium_payments_payer_idx" ON "premium_payments" USING btree ("payer_wallet_id");--> statement-breakpoint
CREATE INDEX "premium_payments_unrecorded_idx" ON "premium_payments" USING btree ("created_at") WHERE "premium_payments"."registry_recorded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "premium_schedules_uq" ON "premium_schedules" USING btree (coalesce("region_code", ''),"kind","year");--> statement-breakpoint
CREATE UNIQUE INDEX "bindings_active_pair_uq" ON "bindings" USING btree (least("giver_person_id", "relative_person_id"),greatest("giver_person_id", "relative_person_id")) WHERE "bindings"."status" = 'active';--> statement-breakpoint
CREATE INDEX "bindings_giver_idx" ON "bindings" USING btree ("giver_person_id");--> statement-breakpoint
CREATE INDEX "bindings_relative_idx" ON "bindings" USING btree ("relative_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_events_reference_uq" ON "insurance_events" USING btree ("region_code","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_code_uq" ON "invitations" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_one_pending_uq" ON "invitations" USING btree ("inviter_person_id","invitee_person_id") WHERE "invitations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invitations_invitee_idx" ON "invitations" USING btree ("invitee_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ecodes_code_hash_uq" ON "ecodes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "ecodes_active_expiry_idx" ON "ecodes" USING btree ("expires_at") WHERE "ecodes"."status" = 'active';--> statement-breakpoint
CREATE INDEX "merchants_region_idx" ON "merchants" USING btree ("region_code","name");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_refunds_no_uq" ON "settlement_refunds" USING btree ("merchant_id","refund_no");--> statement-breakpoint
CREATE INDEX "settlement_refunds_settlement_idx" ON "settlement_refunds" USING btree ("settlement_id");--> statement-breakpoint
CREATE INDEX "settlement_refunds_merchant_day_idx" ON "settlement_refunds" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_order_uq" ON "settlements" USING btree ("merchant_id","order_no");--> statement-breakpoint
CREATE INDEX "settlements_merchant_day_idx" ON "settlements" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "settlements_wallet_idx" ON "settlements" USING btree ("wallet_id");--> statement-breakpoint
CREATE INDEX "transfer_events_transfer_idx" ON "transfer_events" USING btree ("transfer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_receipt_uq" ON "transfers" USING btree ("receipt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_one_pending_uq" ON "transfers" USING btree ("sender_wallet_id") WHERE "transfers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "transfers_sender_day_idx" ON "transfers" USING btree ("sender_wallet_id","business_date");--> statement-breakpoint
CREATE INDEX "transfers_recipient_idx" ON "transfers" USING btree ("recipient_wallet_id","status");--> statement-breakpoint
CREATE INDEX "transfers_pending_expiry_idx" ON "transfers" USING btree ("expires_at") WHERE "transfers"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "personal_account_credits_reference_uq" ON "personal_account_credits" USING btree ("region_code","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "wallets_person_uq" ON "wallets" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "wallets_manager_idx" ON "wallets" USING btree ("manager_user_id");