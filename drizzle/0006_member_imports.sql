CREATE TABLE "member_import_rows" (
	"tenant_id" text NOT NULL,
	"import_id" text NOT NULL,
	"row_number" integer NOT NULL,
	"outcome" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"member_id" text,
	"joined" integer DEFAULT 0 NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"external_id" text DEFAULT '' NOT NULL,
	"first_order_at" timestamp with time zone,
	"last_order_at" timestamp with time zone,
	CONSTRAINT "member_import_rows_tenant_id_import_id_row_number_pk" PRIMARY KEY("tenant_id","import_id","row_number"),
	CONSTRAINT "member_import_rows_outcome_check" CHECK ("member_import_rows"."outcome" in ('created','matched','duplicate','failed'))
);
--> statement-breakpoint
CREATE TABLE "member_imports" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"group_id" text,
	"filename" text DEFAULT '' NOT NULL,
	"format" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_rows" integer DEFAULT 0 NOT NULL,
	"matched_rows" integer DEFAULT 0 NOT NULL,
	"joined_rows" integer DEFAULT 0 NOT NULL,
	"duplicate_rows" integer DEFAULT 0 NOT NULL,
	"failed_rows" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "member_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "member_imports_status_check" CHECK ("member_imports"."status" in ('running','done','failed')),
	CONSTRAINT "member_imports_format_check" CHECK ("member_imports"."format" in ('csv','xlsx'))
);
--> statement-breakpoint
CREATE INDEX "member_import_rows_outcome_idx" ON "member_import_rows" USING btree ("tenant_id","import_id","outcome","row_number");