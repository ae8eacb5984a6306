CREATE TABLE "crm_campaign_audiences" (
	"tenant_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_campaign_audiences_tenant_id_campaign_id_segment_id_pk" PRIMARY KEY("tenant_id","campaign_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "crm_consents" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"profile_id" text NOT NULL,
	"member_id" text NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_consents_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "crm_consents_purpose_check" CHECK ("crm_consents"."purpose" in ('marketing','share_contact'))
);
--> statement-breakpoint
CREATE TABLE "crm_dirty" (
	"tenant_id" text NOT NULL,
	"profile_id" text NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_events" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"profile_id" text NOT NULL,
	"member_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"client_event_id" text,
	"origin" text NOT NULL,
	"channel" text,
	"subject_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "crm_events_origin_check" CHECK ("crm_events"."origin" in ('api','domain','console'))
);
--> statement-breakpoint
CREATE TABLE "crm_identities" (
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"profile_id" text NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_identities_tenant_id_kind_value_pk" PRIMARY KEY("tenant_id","kind","value"),
	CONSTRAINT "crm_identities_kind_check" CHECK ("crm_identities"."kind" in ('chat','buyer','store_card'))
);
--> statement-breakpoint
CREATE TABLE "crm_profiles" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"merged_into" text,
	"phone" text,
	"name" text DEFAULT '' NOT NULL,
	"source" text DEFAULT 'self_signup' NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"org_unit_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"group_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"tag_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"tier_id" text,
	"stage" text DEFAULT 'new' NOT NULL,
	"stage_since" timestamp with time zone DEFAULT now() NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_order_at" timestamp with time zone,
	"last_order_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"order_count" integer DEFAULT 0 NOT NULL,
	"spend_fen" bigint DEFAULT 0 NOT NULL,
	"orders_30d" integer DEFAULT 0 NOT NULL,
	"spend_30d" bigint DEFAULT 0 NOT NULL,
	"orders_90d" integer DEFAULT 0 NOT NULL,
	"spend_90d" bigint DEFAULT 0 NOT NULL,
	"orders_180d" integer DEFAULT 0 NOT NULL,
	"spend_180d" bigint DEFAULT 0 NOT NULL,
	"orders_365d" integer DEFAULT 0 NOT NULL,
	"spend_365d" bigint DEFAULT 0 NOT NULL,
	"referrer_id" text,
	"invited_count" integer DEFAULT 0 NOT NULL,
	"invited_buyers" integer DEFAULT 0 NOT NULL,
	"koc_score" integer DEFAULT 0 NOT NULL,
	"koc" jsonb DEFAULT '{"gmv1":0,"gmv2":0,"buyers":0,"shareOrders":0,"helpfulReviews":0}'::jsonb NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"tier_since" timestamp with time zone,
	"tier_below_since" timestamp with time zone,
	"consent_marketing" boolean DEFAULT false NOT NULL,
	"consent_share_contact" boolean DEFAULT false NOT NULL,
	"erased_at" timestamp with time zone,
	"recheck_at" timestamp with time zone,
	"refreshed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_profiles_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "crm_profiles_status_check" CHECK ("crm_profiles"."status" in ('active','merged','erased')),
	CONSTRAINT "crm_profiles_stage_check" CHECK ("crm_profiles"."stage" in ('new','active','repeat','at_risk','dormant','churned','won_back')),
	CONSTRAINT "crm_profiles_merge_check" CHECK (("crm_profiles"."status" = 'merged') = ("crm_profiles"."merged_into" is not null))
);
--> statement-breakpoint
CREATE TABLE "crm_segment_members" (
	"tenant_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"profile_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_segment_members_tenant_id_segment_id_profile_id_pk" PRIMARY KEY("tenant_id","segment_id","profile_id")
);
--> statement-breakpoint
CREATE TABLE "crm_segments" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rule" jsonb NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refreshed_at" timestamp with time zone,
	CONSTRAINT "crm_segments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"lifecycle" jsonb,
	"tiers" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "crm_stage_daily" (
	"tenant_id" text NOT NULL,
	"day" text NOT NULL,
	"stage" text NOT NULL,
	"profiles" integer NOT NULL,
	CONSTRAINT "crm_stage_daily_tenant_id_day_stage_pk" PRIMARY KEY("tenant_id","day","stage")
);
--> statement-breakpoint
CREATE TABLE "crm_stage_history" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"profile_id" text NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_stage_history_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm_tag_groups" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_tag_groups_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm_tags" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"group_id" text,
	"name" text NOT NULL,
	"color" text DEFAULT 'blue' NOT NULL,
	"kind" text NOT NULL,
	"rule" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refreshed_at" timestamp with time zone,
	CONSTRAINT "crm_tags_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "crm_tags_kind_check" CHECK ("crm_tags"."kind" in ('manual','rule') and ("crm_tags"."kind" = 'rule') = ("crm_tags"."rule" is not null))
);
--> statement-breakpoint
CREATE TABLE "crm_tier_history" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"profile_id" text NOT NULL,
	"from_tier" text,
	"to_tier" text,
	"reason" text NOT NULL,
	"metric" integer DEFAULT 0 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_tier_history_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE INDEX "crm_campaign_audiences_segment_idx" ON "crm_campaign_audiences" USING btree ("tenant_id","segment_id");--> statement-breakpoint
CREATE INDEX "crm_consents_profile_idx" ON "crm_consents" USING btree ("tenant_id","profile_id","purpose","at");--> statement-breakpoint
CREATE INDEX "crm_dirty_queue_idx" ON "crm_dirty" USING btree ("tenant_id","marked_at");--> statement-breakpoint
CREATE INDEX "crm_dirty_profile_idx" ON "crm_dirty" USING btree ("tenant_id","profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_events_client_id_key" ON "crm_events" USING btree ("tenant_id","client_event_id") WHERE client_event_id is not null;--> statement-breakpoint
CREATE INDEX "crm_events_profile_idx" ON "crm_events" USING btree ("tenant_id","profile_id","occurred_at");--> statement-breakpoint
CREATE INDEX "crm_events_type_idx" ON "crm_events" USING btree ("tenant_id","type","occurred_at","profile_id");--> statement-breakpoint
CREATE INDEX "crm_identities_profile_idx" ON "crm_identities" USING btree ("tenant_id","profile_id");--> statement-breakpoint
CREATE INDEX "crm_profiles_last_order_idx" ON "crm_profiles" USING btree ("tenant_id","last_order_at");--> statement-breakpoint
CREATE INDEX "crm_profiles_registered_idx" ON "crm_profiles" USING btree ("tenant_id","registered_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "crm_profiles_spend_idx" ON "crm_profiles" USING btree ("tenant_id","spend_fen","id");--> statement-breakpoint
CREATE INDEX "crm_profiles_stage_idx" ON "crm_profiles" USING btree ("tenant_id","stage");--> statement-breakpoint
CREATE INDEX "crm_profiles_tier_idx" ON "crm_profiles" USING btree ("tenant_id","tier_id");--> statement-breakpoint
CREATE INDEX "crm_profiles_koc_idx" ON "crm_profiles" USING btree ("tenant_id","koc_score","id") WHERE koc_score > 0;--> statement-breakpoint
CREATE INDEX "crm_profiles_referrer_idx" ON "crm_profiles" USING btree ("tenant_id","referrer_id") WHERE referrer_id is not null;--> statement-breakpoint
CREATE INDEX "crm_profiles_merged_idx" ON "crm_profiles" USING btree ("tenant_id","merged_into") WHERE merged_into is not null;--> statement-breakpoint
CREATE INDEX "crm_profiles_recheck_idx" ON "crm_profiles" USING btree ("recheck_at") WHERE recheck_at is not null;--> statement-breakpoint
CREATE INDEX "crm_profiles_tags_gin" ON "crm_profiles" USING gin ("tag_ids");--> statement-breakpoint
CREATE INDEX "crm_profiles_groups_gin" ON "crm_profiles" USING gin ("group_ids");--> statement-breakpoint
CREATE INDEX "crm_profiles_org_units_gin" ON "crm_profiles" USING gin ("org_unit_ids");--> statement-breakpoint
CREATE INDEX "crm_segment_members_profile_idx" ON "crm_segment_members" USING btree ("tenant_id","profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_segments_name_key" ON "crm_segments" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "crm_stage_history_profile_idx" ON "crm_stage_history" USING btree ("tenant_id","profile_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_tag_groups_name_key" ON "crm_tag_groups" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_tags_name_key" ON "crm_tags" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "crm_tier_history_profile_idx" ON "crm_tier_history" USING btree ("tenant_id","profile_id","at");--> statement-breakpoint
CREATE INDEX "member_import_rows_member_idx" ON "member_import_rows" USING btree ("tenant_id","member_id") WHERE member_id is not null;