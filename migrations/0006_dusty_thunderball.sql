CREATE TABLE "data_deletions" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"user_id" text NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL,
	"retain_until" timestamp with time zone NOT NULL,
	"sealed_purged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "data_deletions_person_uq" ON "data_deletions" USING btree ("person_id");