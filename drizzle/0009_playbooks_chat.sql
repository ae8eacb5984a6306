CREATE TABLE "chat_events" (
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"group_id" text,
	"member_id" text,
	"outcome" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_events_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "chat_identities" (
	"tenant_id" text NOT NULL,
	"external_user_id" text NOT NULL,
	"member_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_identities_tenant_id_external_user_id_pk" PRIMARY KEY("tenant_id","external_user_id")
);
--> statement-breakpoint
CREATE TABLE "chat_integrations" (
	"tenant_id" text NOT NULL,
	"platform" text DEFAULT 'generic' NOT NULL,
	"secret" text NOT NULL,
	"created_by" text NOT NULL,
	"rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_integrations_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "group_announcements" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"group_id" text NOT NULL,
	"text" text NOT NULL,
	"run_id" text,
	"posted_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_announcements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "playbook_runs" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"playbook_id" text NOT NULL,
	"group_id" text NOT NULL,
	"status" text DEFAULT 'done' NOT NULL,
	"log" jsonb NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_by" text,
	"undone_at" timestamp with time zone,
	CONSTRAINT "playbook_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "playbook_runs_status_check" CHECK ("playbook_runs"."status" in ('done','undone'))
);
--> statement-breakpoint
CREATE TABLE "playbooks" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"steps" jsonb NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbooks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "playbooks_name_key" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
ALTER TABLE "campaign_groups" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_groups" ADD COLUMN "paused_by_run" text;--> statement-breakpoint
ALTER TABLE "playbook_runs" ADD CONSTRAINT "playbook_runs_tenant_id_playbook_id_playbooks_tenant_id_id_fk" FOREIGN KEY ("tenant_id","playbook_id") REFERENCES "public"."playbooks"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_identities_member_idx" ON "chat_identities" USING btree ("tenant_id","member_id");--> statement-breakpoint
CREATE INDEX "group_announcements_group_idx" ON "group_announcements" USING btree ("tenant_id","group_id","id");--> statement-breakpoint
CREATE INDEX "playbook_runs_group_idx" ON "playbook_runs" USING btree ("tenant_id","group_id","id");