ALTER TABLE "orders" ADD COLUMN "group_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "pickup_point_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "pickup_leader_id" text;--> statement-breakpoint
CREATE INDEX "orders_pickup_leader_idx" ON "orders" USING btree ("tenant_id","pickup_leader_id","id") WHERE pickup_leader_id is not null;--> statement-breakpoint
CREATE INDEX "orders_pickup_point_idx" ON "orders" USING btree ("tenant_id","pickup_point_id","status") WHERE pickup_point_id is not null;