CREATE TABLE "commission_accruals" (
	"tenant_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"slot" text NOT NULL,
	"order_id" text NOT NULL,
	"beneficiary_id" text NOT NULL,
	"org_unit_id" text,
	"policy_id" text,
	"method" text NOT NULL,
	"rate_bps" integer DEFAULT 0 NOT NULL,
	"fixed_fen" integer DEFAULT 0 NOT NULL,
	"base_fen" integer NOT NULL,
	"base_units" integer NOT NULL,
	"net_base_fen" integer NOT NULL,
	"accrued_fen" integer NOT NULL,
	"clawed_fen" integer DEFAULT 0 NOT NULL,
	"release_due_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_accruals_tenant_id_order_line_id_slot_pk" PRIMARY KEY("tenant_id","order_line_id","slot"),
	CONSTRAINT "commission_accruals_slot_check" CHECK ("commission_accruals"."slot" in ('leader','level1','level2')),
	CONSTRAINT "commission_accruals_money_check" CHECK ("commission_accruals"."accrued_fen" >= 0 and "commission_accruals"."clawed_fen" >= 0 and "commission_accruals"."clawed_fen" <= "commission_accruals"."accrued_fen")
);
--> statement-breakpoint
CREATE TABLE "commission_balances" (
	"tenant_id" text NOT NULL,
	"beneficiary_id" text NOT NULL,
	"earned_fen" integer DEFAULT 0 NOT NULL,
	"pending_fen" integer DEFAULT 0 NOT NULL,
	"available_fen" integer DEFAULT 0 NOT NULL,
	"in_payout_fen" integer DEFAULT 0 NOT NULL,
	"paid_fen" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_balances_tenant_id_beneficiary_id_pk" PRIMARY KEY("tenant_id","beneficiary_id"),
	CONSTRAINT "commission_balances_sum_check" CHECK ("commission_balances"."earned_fen" = "commission_balances"."pending_fen" + "commission_balances"."available_fen" + "commission_balances"."in_payout_fen" + "commission_balances"."paid_fen")
);
--> statement-breakpoint
CREATE TABLE "commission_policies" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_policies_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_policies_scope_key" UNIQUE("tenant_id","scope_kind","scope_id"),
	CONSTRAINT "commission_policies_scope_check" CHECK ("commission_policies"."scope_kind" in ('tenant','campaign','product','sku'))
);
--> statement-breakpoint
CREATE TABLE "commission_rules" (
	"tenant_id" text NOT NULL,
	"policy_id" text NOT NULL,
	"slot" text NOT NULL,
	"method" text NOT NULL,
	"rate_bps" integer DEFAULT 0 NOT NULL,
	"fixed_fen" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "commission_rules_tenant_id_policy_id_slot_pk" PRIMARY KEY("tenant_id","policy_id","slot"),
	CONSTRAINT "commission_rules_slot_check" CHECK ("commission_rules"."slot" in ('leader','level1','level2')),
	CONSTRAINT "commission_rules_method_check" CHECK (("commission_rules"."method" = 'rate' and "commission_rules"."rate_bps" between 0 and 10000 and "commission_rules"."fixed_fen" = 0) or ("commission_rules"."method" = 'fixed' and "commission_rules"."fixed_fen" >= 0 and "commission_rules"."rate_bps" = 0))
);
--> statement-breakpoint
CREATE TABLE "distribution_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"binding_mode" text DEFAULT 'first_touch' NOT NULL,
	"protection_days" integer DEFAULT 30 NOT NULL,
	"after_sale_days" integer DEFAULT 7 NOT NULL,
	"level2_enabled" boolean DEFAULT true NOT NULL,
	"members_earn" boolean DEFAULT false NOT NULL,
	"payout_minimum_fen" integer DEFAULT 100 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_settings_mode_check" CHECK ("distribution_settings"."binding_mode" in ('first_touch','last_touch')),
	CONSTRAINT "distribution_settings_days_check" CHECK ("distribution_settings"."protection_days" between 0 and 3650 and "distribution_settings"."after_sale_days" between 0 and 365 and "distribution_settings"."payout_minimum_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "distributors" (
	"tenant_id" text NOT NULL,
	"member_id" text NOT NULL,
	"status" text NOT NULL,
	"real_name" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"payout_account" text DEFAULT '' NOT NULL,
	"origin" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributors_tenant_id_member_id_pk" PRIMARY KEY("tenant_id","member_id"),
	CONSTRAINT "distributors_status_check" CHECK ("distributors"."status" in ('applied','approved','rejected','suspended')),
	CONSTRAINT "distributors_origin_check" CHECK ("distributors"."origin" in ('application','invitation'))
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"order_id" text,
	"payout_batch_id" text,
	"memo" text DEFAULT '' NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "journal_entries_kind_check" CHECK ("journal_entries"."kind" in ('accrual','clawback','release','payout','payout_paid','payout_canceled'))
);
--> statement-breakpoint
CREATE TABLE "journal_postings" (
	"tenant_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"seq" integer NOT NULL,
	"beneficiary_id" text NOT NULL,
	"account" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"order_id" text,
	"order_line_id" text,
	"slot" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_postings_tenant_id_entry_id_seq_pk" PRIMARY KEY("tenant_id","entry_id","seq"),
	CONSTRAINT "journal_postings_account_check" CHECK ("journal_postings"."account" in ('expense','pending','available','clearing','paid')),
	CONSTRAINT "journal_postings_slot_check" CHECK ("journal_postings"."slot" is null or "journal_postings"."slot" in ('leader','level1','level2'))
);
--> statement-breakpoint
CREATE TABLE "order_line_referrals" (
	"tenant_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"order_id" text NOT NULL,
	"buyer_id" text NOT NULL,
	"referral_code" text,
	"leader_id" text,
	"level1_id" text,
	"level2_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_line_referrals_tenant_id_order_line_id_pk" PRIMARY KEY("tenant_id","order_line_id"),
	CONSTRAINT "order_line_referrals_levels_check" CHECK (("order_line_referrals"."level2_id" is null or "order_line_referrals"."level1_id" is not null) and "order_line_referrals"."level1_id" is distinct from "order_line_referrals"."buyer_id" and "order_line_referrals"."level2_id" is distinct from "order_line_referrals"."buyer_id" and ("order_line_referrals"."level2_id" is null or "order_line_referrals"."level2_id" <> "order_line_referrals"."level1_id"))
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"minimum_fen" integer NOT NULL,
	"total_fen" integer NOT NULL,
	"item_count" integer NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_by" text,
	"paid_at" timestamp with time zone,
	"canceled_by" text,
	"canceled_at" timestamp with time zone,
	CONSTRAINT "payout_batches_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "payout_batches_status_check" CHECK ("payout_batches"."status" in ('open','paid','canceled'))
);
--> statement-breakpoint
CREATE TABLE "payout_items" (
	"tenant_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"beneficiary_id" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"payout_account" text DEFAULT '' NOT NULL,
	CONSTRAINT "payout_items_tenant_id_batch_id_beneficiary_id_pk" PRIMARY KEY("tenant_id","batch_id","beneficiary_id"),
	CONSTRAINT "payout_items_amount_check" CHECK ("payout_items"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "referral_bindings" (
	"tenant_id" text NOT NULL,
	"member_id" text NOT NULL,
	"bound_to" text NOT NULL,
	"bound_code" text NOT NULL,
	"bound_at" timestamp with time zone NOT NULL,
	"bound_until" timestamp with time zone NOT NULL,
	"invited_by" text NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"touches" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "referral_bindings_tenant_id_member_id_pk" PRIMARY KEY("tenant_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "staff_referral_codes" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_referral_codes_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id"),
	CONSTRAINT "staff_referral_codes_code_key" UNIQUE("tenant_id","code")
);
--> statement-breakpoint
CREATE INDEX "commission_accruals_order_idx" ON "commission_accruals" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "commission_accruals_beneficiary_idx" ON "commission_accruals" USING btree ("tenant_id","beneficiary_id","created_at");--> statement-breakpoint
CREATE INDEX "commission_accruals_due_idx" ON "commission_accruals" USING btree ("release_due_at") WHERE released_at is null and release_due_at is not null;--> statement-breakpoint
CREATE INDEX "distributors_status_idx" ON "distributors" USING btree ("tenant_id","status","member_id");--> statement-breakpoint
CREATE INDEX "journal_entries_order_idx" ON "journal_entries" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "journal_postings_beneficiary_idx" ON "journal_postings" USING btree ("tenant_id","beneficiary_id","entry_id");--> statement-breakpoint
CREATE INDEX "order_line_referrals_order_idx" ON "order_line_referrals" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "referral_bindings_inviter_idx" ON "referral_bindings" USING btree ("tenant_id","invited_by");