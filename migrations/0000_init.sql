CREATE TABLE "admin_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admin_tokens_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "control_numbers" (
	"partner_id" text NOT NULL,
	"kind" text NOT NULL,
	"last_value" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "control_numbers_partner_id_kind_pk" PRIMARY KEY("partner_id","kind")
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text,
	"order_id" text,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "interchanges" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"partner_id" text,
	"direction" text NOT NULL,
	"sender" text NOT NULL,
	"receiver" text NOT NULL,
	"control_number" text NOT NULL,
	"status" text NOT NULL,
	"duplicate_of" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"stage" text NOT NULL,
	"entity_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"last_error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mappings" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"document_type" text NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"partner_id" text,
	"type" text,
	"raw" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"sender" text,
	"filename" text,
	"content_type" text,
	"status" text DEFAULT 'received' NOT NULL,
	"diagnostics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"replay_of" text,
	"order_id" text,
	"control" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"line_number" text NOT NULL,
	"quantity" numeric NOT NULL,
	"uom" text NOT NULL,
	"unit_price" numeric,
	"items" jsonb NOT NULL,
	CONSTRAINT "order_lines_order_id_position_pk" PRIMARY KEY("order_id","position")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"message_id" text NOT NULL,
	"channel" text NOT NULL,
	"po_number" text NOT NULL,
	"po_date" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"currency" text NOT NULL,
	"total_amount" numeric,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"partner_id" text,
	"order_id" text,
	"source_message_id" text,
	"message_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"content" jsonb,
	"control" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_identifiers" (
	"partner_id" text NOT NULL,
	"type" text NOT NULL,
	"qualifier" text DEFAULT '' NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "partner_identifiers_type_qualifier_value_pk" PRIMARY KEY("type","qualifier","value")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_identifiers" ADD CONSTRAINT "partner_identifiers_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_entity" ON "audit_events" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "exceptions_status" ON "exceptions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "interchanges_identity" ON "interchanges" USING btree ("direction","sender","receiver","control_number","created_at");--> statement-breakpoint
CREATE INDEX "jobs_pending" ON "jobs" USING btree ("run_after") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_status_stage" ON "jobs" USING btree ("status","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "mappings_partner_type_version" ON "mappings" USING btree ("partner_id","document_type","version");--> statement-breakpoint
CREATE INDEX "messages_direction_type" ON "messages" USING btree ("direction","type","received_at");--> statement-breakpoint
CREATE INDEX "messages_partner" ON "messages" USING btree ("partner_id","received_at");--> statement-breakpoint
CREATE INDEX "messages_sha256" ON "messages" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "messages_order" ON "messages" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_partner_po" ON "orders" USING btree ("partner_id","po_number");--> statement-breakpoint
CREATE INDEX "orders_message" ON "orders" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "outbound_documents_order" ON "outbound_documents" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "outbound_documents_source" ON "outbound_documents" USING btree ("source_message_id");--> statement-breakpoint
CREATE INDEX "partner_identifiers_partner" ON "partner_identifiers" USING btree ("partner_id");