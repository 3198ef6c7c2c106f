ALTER TABLE "connector_instances" ADD COLUMN "state" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "connector_instance" text;--> statement-breakpoint
CREATE INDEX "messages_filename" ON "messages" USING btree ("filename","sender");