DROP INDEX "orders_message";--> statement-breakpoint
DROP INDEX "outbound_documents_source";--> statement-breakpoint
CREATE INDEX "jobs_entity" ON "jobs" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "orders_message_status" ON "orders" USING btree ("message_id","status","id");--> statement-breakpoint
CREATE INDEX "outbound_documents_source" ON "outbound_documents" USING btree ("source_message_id","status","partner_id","id");