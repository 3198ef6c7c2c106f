ALTER TABLE "outbound_documents" ADD COLUMN "partner_ack" jsonb;--> statement-breakpoint
ALTER TABLE "outbound_documents" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_inbound_interchange" ON "messages" USING btree (("control"->>'inboundInterchange'));--> statement-breakpoint
CREATE INDEX "outbound_documents_control" ON "outbound_documents" USING btree ("partner_id",("control"->>'group'),("control"->>'transaction'));