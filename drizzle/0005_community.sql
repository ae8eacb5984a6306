CREATE TABLE "group_invites" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"code" text NOT NULL,
	"group_id" text NOT NULL,
	"source" text NOT NULL,
	"event_name" text DEFAULT '' NOT NULL,
	"referrer_type" text,
	"referrer_id" text,
	"label" text DEFAULT '' NOT NULL,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by_type" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_invites_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "group_invites_code_key" UNIQUE("tenant_id","code"),
	CONSTRAINT "group_invites_source_check" CHECK ("group_invites"."source" in ('official','operator_contacts','member_referral','offline_event','import')),
	CONSTRAINT "group_invites_uses_check" CHECK ("group_invites"."uses" >= 0 and ("group_invites"."max_uses" is null or "group_invites"."uses" <= "group_invites"."max_uses"))
);
--> statement-breakpoint
CREATE TABLE "group_leaders" (
	"tenant_id" text NOT NULL,
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_leaders_tenant_id_group_id_user_id_pk" PRIMARY KEY("tenant_id","group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"tenant_id" text NOT NULL,
	"group_id" text NOT NULL,
	"member_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"source" text NOT NULL,
	"event_name" text DEFAULT '' NOT NULL,
	"referrer_type" text,
	"referrer_id" text,
	"invite_id" text,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rules_accepted_at" timestamp with time zone,
	"warnings" integer DEFAULT 0 NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_changed_by" text,
	"status_changed_at" timestamp with time zone,
	CONSTRAINT "group_members_tenant_id_group_id_member_id_pk" PRIMARY KEY("tenant_id","group_id","member_id"),
	CONSTRAINT "group_members_status_check" CHECK ("group_members"."status" in ('active','muted','removed','banned','left')),
	CONSTRAINT "group_members_source_check" CHECK ("group_members"."source" in ('official','operator_contacts','member_referral','offline_event','import')),
	CONSTRAINT "group_members_warnings_check" CHECK ("group_members"."warnings" >= 0)
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"capacity" integer DEFAULT 500 NOT NULL,
	"warn_limit" integer DEFAULT 3 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"external_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "groups_type_check" CHECK ("groups"."type" in ('retail','fan','store')),
	CONSTRAINT "groups_status_check" CHECK ("groups"."status" in ('active','muted','archived')),
	CONSTRAINT "groups_capacity_check" CHECK ("groups"."capacity" between 1 and 100000 and "groups"."warn_limit" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "leader_profiles" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text,
	"user_id" text,
	"status" text NOT NULL,
	"origin" text NOT NULL,
	"real_name" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leader_profiles_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "leader_profiles_status_check" CHECK ("leader_profiles"."status" in ('applied','approved','rejected','suspended')),
	CONSTRAINT "leader_profiles_user_check" CHECK ("leader_profiles"."status" not in ('approved','suspended') or "leader_profiles"."user_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "moderation_events" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"group_id" text NOT NULL,
	"member_id" text,
	"kind" text NOT NULL,
	"rule_id" text,
	"keyword" text,
	"excerpt" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "moderation_events_kind_check" CHECK ("moderation_events"."kind" in ('message_blocked','message_warned','member_muted','member_unmuted','member_removed','member_banned','member_unbanned'))
);
--> statement-breakpoint
CREATE TABLE "moderation_rules" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"group_id" text,
	"keyword" text NOT NULL,
	"action" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "moderation_rules_action_check" CHECK ("moderation_rules"."action" in ('block','warn'))
);
--> statement-breakpoint
CREATE TABLE "pickup_points" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"leader_id" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"opening_hours" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"capacity" integer DEFAULT 100 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pickup_points_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "pickup_points_status_check" CHECK ("pickup_points"."status" in ('active','closed')),
	CONSTRAINT "pickup_points_capacity_check" CHECK ("pickup_points"."capacity" between 1 and 100000)
);
--> statement-breakpoint
ALTER TABLE "group_invites" ADD CONSTRAINT "group_invites_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_leaders" ADD CONSTRAINT "group_leaders_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_rules" ADD CONSTRAINT "moderation_rules_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_invites_group_idx" ON "group_invites" USING btree ("tenant_id","group_id","id");--> statement-breakpoint
CREATE INDEX "group_leaders_user_idx" ON "group_leaders" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "group_members_member_idx" ON "group_members" USING btree ("tenant_id","member_id");--> statement-breakpoint
CREATE INDEX "group_members_group_joined_idx" ON "group_members" USING btree ("tenant_id","group_id","joined_at");--> statement-breakpoint
CREATE INDEX "groups_org_unit_idx" ON "groups" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_external_id_key" ON "groups" USING btree ("tenant_id","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "leader_profiles_user_key" ON "leader_profiles" USING btree ("tenant_id","user_id") WHERE user_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "leader_profiles_member_key" ON "leader_profiles" USING btree ("tenant_id","member_id") WHERE member_id is not null;--> statement-breakpoint
CREATE INDEX "moderation_events_group_idx" ON "moderation_events" USING btree ("tenant_id","group_id","id");--> statement-breakpoint
CREATE INDEX "moderation_rules_group_idx" ON "moderation_rules" USING btree ("tenant_id","group_id");--> statement-breakpoint
CREATE INDEX "pickup_points_leader_idx" ON "pickup_points" USING btree ("tenant_id","leader_id");