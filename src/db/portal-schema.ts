import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The partner portal's people: partner users (one partner each), the one-time invite links an admin sends them,
 * and the one-time sign-in codes mailed to them. Secrets are stored as SHA-256 hashes only; sessions are the
 * console's `sessions` rows of kind `portal` (users-schema.ts).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const partnerUsers = pgTable(
  'partner_users',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    /** Lower-cased; unique per partner (one address may be a user of two partners). */
    email: text('email').notNull(),
    name: text('name'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('partner_users_partner_email').on(t.partnerId, t.email),
    index('partner_users_email').on(t.email),
  ],
);

/** One-time invite links: used once, expiring; following one signs the partner user in. */
export const partnerUserInvites = pgTable(
  'partner_user_invites',
  {
    id: text('id').primaryKey(),
    partnerUserId: text('partner_user_id').notNull(),
    /** SHA-256 of the link's token. */
    hash: text('hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('partner_user_invites_user').on(t.partnerUserId)],
);

/**
 * Every request for a sign-in code, known address or not (the rate limits count these rows, so an unknown
 * address costs the same as a known one). `partnerUserId` is null when the address is nobody's: no code was
 * mailed and `hash` is of a random value nobody knows.
 */
export const portalSignInCodes = pgTable(
  'portal_sign_in_codes',
  {
    id: text('id').primaryKey(),
    /** The address typed, lower-cased. */
    email: text('email').notNull(),
    partnerUserId: text('partner_user_id'),
    /** SHA-256 of the 6-digit code with the row's id (a code alone has only a million values). */
    hash: text('hash').notNull(),
    /** The client's address that asked (rate limit per client). */
    address: text('address').notNull(),
    tries: integer('tries').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('portal_sign_in_codes_email').on(t.email, t.createdAt),
    index('portal_sign_in_codes_address').on(t.address, t.createdAt),
  ],
);
