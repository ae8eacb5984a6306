-- The balance check of 0003 ran once per posting at commit and summed the whole entry each time:
-- quadratic in the size of an entry (a payout batch for thousands of people). It now runs once per
-- INSERT statement, over the entries that statement touched. Postings of an entry are written in one
-- statement, so an entry is checked whole; a later statement that adds to an old entry is checked
-- against the entry's full sum too.
DROP TRIGGER journal_postings_balanced ON journal_postings;
--> statement-breakpoint
DROP FUNCTION tuan_check_entry_balanced();
--> statement-breakpoint
CREATE FUNCTION tuan_check_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT p.entry_id, sum(p.amount_fen) AS total INTO bad
  FROM journal_postings p
  WHERE (p.tenant_id, p.entry_id) IN (SELECT DISTINCT n.tenant_id, n.entry_id FROM new_postings n)
  GROUP BY p.tenant_id, p.entry_id
  HAVING sum(p.amount_fen) <> 0
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance: its postings sum to % fen', bad.entry_id, bad.total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER journal_postings_balanced AFTER INSERT ON journal_postings REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION tuan_check_entries_balanced();
