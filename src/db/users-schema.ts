import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The console's people: users with a role, the one-time links that let them set a password, and their
 * sign-in sessions. Secrets are stored as hashes only (a password as scrypt, a link or session token as
 * SHA-256), so a copy of the database signs nobody in.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Roles, weakest first: a viewer reads, an operator also works messages and exceptions, an admin does everything. */
export const USER_ROLES = ['viewer', 'operator', 'admin'] as const;

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  /** Lower-cased, unique. */
  email: text('email').notNull().unique(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  /** `scrypt$N$r$p$salt$hash`; null until the user has followed a sign-in link. */
  passwordHash: text('password_hash'),
  /** The TOTP secret (base32), sealed with ORDERGATE_SECRETS_KEY; null when the user has none. */
  totpSecret: text('totp_secret'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-time sign-in links (set or reset a password): used once, expiring. */
export const userLinks = pgTable(
  'user_links',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    /** SHA-256 of the link's token. */
    hash: text('hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('user_links_user').on(t.userId)],
);

/** Signed-in sessions: the cookie holds a token, the row its hash, an idle and an absolute expiry. */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token. */
    id: text('id').primaryKey(),
    /** A console user's id (kind `console`) or a partner user's (kind `portal`, partner_users). */
    userId: text('user_id').notNull(),
    /** Whose session: the console's (users) or the partner portal's (partner_users); each door reads its own. */
    kind: text('kind', { enum: ['console', 'portal'] })
      .notNull()
      .default('console'),
    /** The token every form and htmx request of this session must carry (CSRF). */
    csrfToken: text('csrf_token').notNull(),
    address: text('address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end: no activity keeps a session past it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user').on(t.userId)],
);
