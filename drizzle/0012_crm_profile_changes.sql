CREATE TABLE "crm_profile_changes" (
	"tenant_id" text NOT NULL,
	"xid" bigint NOT NULL,
	"profile_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "crm_profile_changes_xid_idx" ON "crm_profile_changes" USING btree ("tenant_id","xid");--> statement-breakpoint
CREATE INDEX "crm_profile_changes_at_idx" ON "crm_profile_changes" USING btree ("at");--> statement-breakpoint
CREATE FUNCTION "crm_profiles_log_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crm_profile_changes" ("tenant_id", "xid", "profile_id")
  SELECT c."tenant_id", pg_current_xact_id()::text::bigint, c."id" FROM "changed" c;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "crm_profiles_changes_insert" AFTER INSERT ON "crm_profiles" REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "crm_profiles_log_changes"();--> statement-breakpoint
CREATE TRIGGER "crm_profiles_changes_update" AFTER UPDATE ON "crm_profiles" REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "crm_profiles_log_changes"();--> statement-breakpoint
CREATE TRIGGER "crm_profiles_changes_delete" AFTER DELETE ON "crm_profiles" REFERENCING OLD TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "crm_profiles_log_changes"();
