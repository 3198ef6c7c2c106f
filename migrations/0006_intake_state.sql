ALTER TABLE "connector_instances" ADD COLUMN "state" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "received_by" text;