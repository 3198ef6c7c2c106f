CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"order_id" text,
	"partner_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory" (
	"sku" text NOT NULL,
	"warehouse" text NOT NULL,
	"on_hand" numeric NOT NULL,
	"reserved" numeric DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_sku_warehouse_pk" PRIMARY KEY("sku","warehouse")
);
--> statement-breakpoint
CREATE TABLE "partner_items" (
	"partner_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"sku" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_items_partner_id_kind_value_pk" PRIMARY KEY("partner_id","kind","value")
);
--> statement-breakpoint
CREATE TABLE "partner_locations" (
	"partner_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"address" jsonb NOT NULL,
	"qualifier" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_locations_partner_id_id_pk" PRIMARY KEY("partner_id","id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"amount" numeric NOT NULL,
	"currency" text NOT NULL,
	"reference" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"allocations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_list_partners" (
	"price_list_id" text NOT NULL,
	"partner_id" text NOT NULL,
	CONSTRAINT "price_list_partners_price_list_id_partner_id_pk" PRIMARY KEY("price_list_id","partner_id")
);
--> statement-breakpoint
CREATE TABLE "price_list_prices" (
	"price_list_id" text NOT NULL,
	"sku" text NOT NULL,
	"tiers" jsonb NOT NULL,
	CONSTRAINT "price_list_prices_price_list_id_sku_pk" PRIMARY KEY("price_list_id","sku")
);
--> statement-breakpoint
CREATE TABLE "price_lists" (
	"id" text PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"valid_from" text NOT NULL,
	"valid_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"sku" text PRIMARY KEY NOT NULL,
	"gtin" text,
	"description" text NOT NULL,
	"uom" text NOT NULL,
	"pack_size" numeric,
	"moq" numeric,
	"order_multiple" numeric,
	"status" text DEFAULT 'active' NOT NULL,
	"substitutes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"order_id" text NOT NULL,
	"line_number" text NOT NULL,
	"sku" text NOT NULL,
	"warehouse" text NOT NULL,
	"quantity" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservations_order_id_line_number_warehouse_pk" PRIMARY KEY("order_id","line_number","warehouse")
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "partner_id" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "type" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolution" jsonb;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolved_by" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "outcome" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "erp_order_number" text;--> statement-breakpoint
ALTER TABLE "price_list_partners" ADD CONSTRAINT "price_list_partners_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_prices" ADD CONSTRAINT "price_list_prices_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_order" ON "events" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_partner_reference" ON "payments" USING btree ("partner_id","reference");--> statement-breakpoint
CREATE INDEX "price_list_partners_partner" ON "price_list_partners" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "price_list_prices_sku" ON "price_list_prices" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "products_gtin" ON "products" USING btree ("gtin");--> statement-breakpoint
CREATE INDEX "reservations_sku" ON "reservations" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "exceptions_due" ON "exceptions" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "exceptions_order" ON "exceptions" USING btree ("order_id");