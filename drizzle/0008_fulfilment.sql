CREATE TABLE "campaign_groups" (
	"tenant_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"group_id" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_groups_tenant_id_campaign_id_group_id_pk" PRIMARY KEY("tenant_id","campaign_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "member_notices" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "member_notices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "picking_list_orders" (
	"tenant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"list_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "picking_list_orders_tenant_id_order_id_pk" PRIMARY KEY("tenant_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "picking_lists" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"pickup_point_id" text NOT NULL,
	"leader_id" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_by" text,
	"dispatched_at" timestamp with time zone,
	"arrived_by" text,
	"arrived_at" timestamp with time zone,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "picking_lists_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "picking_lists_status_check" CHECK ("picking_lists"."status" in ('open','dispatched','arrived'))
);
--> statement-breakpoint
CREATE TABLE "pickup_attempts" (
	"tenant_id" text NOT NULL,
	"pickup_point_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "pickup_attempts_tenant_id_pickup_point_id_actor_id_pk" PRIMARY KEY("tenant_id","pickup_point_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "pickup_codes" (
	"tenant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"pickup_point_id" text NOT NULL,
	"code" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text,
	CONSTRAINT "pickup_codes_tenant_id_order_id_pk" PRIMARY KEY("tenant_id","order_id"),
	CONSTRAINT "pickup_codes_code_check" CHECK ("pickup_codes"."code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"order_id" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"status" text DEFAULT 'shipped' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "shipments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "shipments_status_check" CHECK ("shipments"."status" in ('shipped','in_transit','delivered','returned'))
);
--> statement-breakpoint
CREATE TABLE "fulfilment_shortages" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"list_id" text NOT NULL,
	"order_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"stage" text NOT NULL,
	"refund_id" text,
	"reported_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fulfilment_shortages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "fulfilment_shortages_qty_check" CHECK ("fulfilment_shortages"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "campaign_groups" ADD CONSTRAINT "campaign_groups_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picking_list_orders" ADD CONSTRAINT "picking_list_orders_tenant_id_list_id_picking_lists_tenant_id_id_fk" FOREIGN KEY ("tenant_id","list_id") REFERENCES "public"."picking_lists"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_groups_group_idx" ON "campaign_groups" USING btree ("tenant_id","group_id","published_at");--> statement-breakpoint
CREATE INDEX "member_notices_member_idx" ON "member_notices" USING btree ("tenant_id","member_id","id");--> statement-breakpoint
CREATE INDEX "picking_list_orders_list_idx" ON "picking_list_orders" USING btree ("tenant_id","list_id");--> statement-breakpoint
CREATE INDEX "picking_lists_campaign_idx" ON "picking_lists" USING btree ("tenant_id","campaign_id");--> statement-breakpoint
CREATE INDEX "picking_lists_leader_idx" ON "picking_lists" USING btree ("tenant_id","leader_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "picking_lists_open_key" ON "picking_lists" USING btree ("tenant_id","campaign_id","pickup_point_id") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "pickup_codes_open_key" ON "pickup_codes" USING btree ("tenant_id","pickup_point_id","code") WHERE used_at is null;--> statement-breakpoint
CREATE INDEX "pickup_codes_point_code_idx" ON "pickup_codes" USING btree ("tenant_id","pickup_point_id","code");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_key" ON "shipments" USING btree ("tenant_id","carrier","tracking_number");--> statement-breakpoint
CREATE INDEX "fulfilment_shortages_list_idx" ON "fulfilment_shortages" USING btree ("tenant_id","list_id");