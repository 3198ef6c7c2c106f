CREATE TABLE "partner_user_invites" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_user_id" text NOT NULL,
	"hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_user_invites_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "partner_users" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_sign_in_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"partner_user_id" text,
	"hash" text NOT NULL,
	"address" text NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "kind" text DEFAULT 'console' NOT NULL;--> statement-breakpoint
CREATE INDEX "partner_user_invites_user" ON "partner_user_invites" USING btree ("partner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_users_partner_email" ON "partner_users" USING btree ("partner_id","email");--> statement-breakpoint
CREATE INDEX "partner_users_email" ON "partner_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "portal_sign_in_codes_email" ON "portal_sign_in_codes" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "portal_sign_in_codes_address" ON "portal_sign_in_codes" USING btree ("address","created_at");