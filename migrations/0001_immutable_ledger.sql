-- The ledger is append-only: a journal transaction and its entries, once committed, are never
-- updated or deleted (corrections are new reversing transactions). The database enforces it, so no
-- code path, migration slip or hand-typed statement can rewrite history. Inserts are untouched.
CREATE OR REPLACE FUNCTION ledger_forbid_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'P0001', HINT = 'post a reversing journal transaction instead';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS journal_transactions_append_only ON journal_transactions;
--> statement-breakpoint
CREATE TRIGGER journal_transactions_append_only
  BEFORE UPDATE OR DELETE ON journal_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_rewrite();
--> statement-breakpoint
DROP TRIGGER IF EXISTS journal_transactions_no_truncate ON journal_transactions;
--> statement-breakpoint
CREATE TRIGGER journal_transactions_no_truncate
  BEFORE TRUNCATE ON journal_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_rewrite();
--> statement-breakpoint
DROP TRIGGER IF EXISTS journal_entries_append_only ON journal_entries;
--> statement-breakpoint
CREATE TRIGGER journal_entries_append_only
  BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_rewrite();
--> statement-breakpoint
DROP TRIGGER IF EXISTS journal_entries_no_truncate ON journal_entries;
--> statement-breakpoint
CREATE TRIGGER journal_entries_no_truncate
  BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_rewrite();
