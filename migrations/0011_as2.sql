CREATE TABLE "as2_certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text,
	"name" text NOT NULL,
	"usage" text NOT NULL,
	"certificate_pem" text NOT NULL,
	"private_key" text,
	"fingerprint" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"serial" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"active_from" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "as2_transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"direction" text NOT NULL,
	"as2_message_id" text NOT NULL,
	"message_id" text NOT NULL,
	"payload_message_id" text,
	"mic" text,
	"mic_alg" text,
	"mdn_mode" text NOT NULL,
	"mdn_url" text,
	"mdn_message_id" text,
	"disposition" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"resend_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "as2_certificates_owner_fingerprint" ON "as2_certificates" USING btree (coalesce("partner_id", ''),"fingerprint");--> statement-breakpoint
CREATE INDEX "as2_certificates_partner" ON "as2_certificates" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "as2_transfers_message" ON "as2_transfers" USING btree ("partner_id","direction","as2_message_id");--> statement-breakpoint
CREATE INDEX "as2_transfers_outbound_message" ON "as2_transfers" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "as2_transfers_resend" ON "as2_transfers" USING btree ("status","resend_at");