-- The commission journal and order attributions are append-only: the database itself refuses to
-- change or remove a row, whoever asks. Corrections are new entries (a claw-back, a reversal).
-- The one exception is deleting a whole tenant (the demo reset), which names the tenant in the
-- transaction-local setting tuan.purge_tenant; rows are still never updated.
CREATE FUNCTION tuan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.tenant_id = current_setting('tuan.purge_tenant', true) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'raise_exception', HINT = 'record a correcting entry instead';
END
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries FOR EACH ROW EXECUTE FUNCTION tuan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER journal_postings_append_only BEFORE UPDATE OR DELETE ON journal_postings FOR EACH ROW EXECUTE FUNCTION tuan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER order_line_referrals_append_only BEFORE UPDATE OR DELETE ON order_line_referrals FOR EACH ROW EXECUTE FUNCTION tuan_refuse_change();
--> statement-breakpoint
-- Double entry: the postings of each journal entry sum to zero, checked when the transaction commits.
CREATE FUNCTION tuan_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  n int;
BEGIN
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO total, n FROM journal_postings WHERE tenant_id = NEW.tenant_id AND entry_id = NEW.entry_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance: its postings sum to % fen', NEW.entry_id, total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_postings_balanced AFTER INSERT ON journal_postings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tuan_check_entry_balanced();
