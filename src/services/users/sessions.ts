import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Role } from '../../core/user.ts';
import type { Database } from '../../db/client.ts';
import { sessions, users } from '../../db/schema.ts';
import { hashSecret } from '../../runtime/secrets.ts';

/** How long a session lives: idle (no request) and absolute (whatever the activity). */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** Eight working hours idle, a week at most: an admin stays signed in through a day, not forever. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 8 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

/** `last_seen_at` is written at most this often per session: a page with many htmx requests costs one write. */
const TOUCH_EVERY_MS = 60_000;

/** The signed-in user of a request, as the console's pages see it. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  /** The session's id (the token's hash), to end this session alone. */
  sessionId: string;
  csrfToken: string;
}

/** Where a session was opened from, kept for the user's list of sessions. */
export interface SessionOrigin {
  address?: string;
  userAgent?: string;
}

/**
 * Opens a session for a signed-in user: the cookie gets `token`, the database only its hash. `kind` says whose:
 * a console user's, or a partner user's (the portal reads only its own kind, the console only its own).
 */
export async function openSession(
  db: Database,
  userId: string,
  origin: SessionOrigin,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  kind: 'console' | 'portal' = 'console',
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    id: hashSecret(token),
    userId,
    kind,
    csrfToken,
    address: origin.address ?? null,
    userAgent: origin.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + policy.absoluteMs),
  });
  return { token, csrfToken };
}

/**
 * The user a session token stands for, or undefined: unknown, revoked, idle too long, past its absolute end,
 * or its user disabled. One indexed read; a write at most once a minute to keep the idle clock.
 */
export async function sessionUser(
  db: Database,
  token: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SessionUser | undefined> {
  const id = hashSecret(token);
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      role: users.role,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, id),
        eq(sessions.kind, 'console'),
        isNull(sessions.revokedAt),
        isNull(users.disabledAt),
      ),
    );
  if (!row || !(await sessionIsLive(db, id, row, policy))) return undefined;
  return { id: row.userId, email: row.email, role: row.role, sessionId: id, csrfToken: row.csrfToken };
}

/**
 * True when a session read with its user is within its idle and absolute limits; keeps the idle clock (a write
 * at most once a minute). Shared by the console's and the portal's session readers.
 */
export async function sessionIsLive(
  db: Database,
  id: string,
  row: { lastSeenAt: Date; expiresAt: Date },
  policy: SessionPolicy,
): Promise<boolean> {
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + policy.idleMs <= now) return false;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, id));
  return true;
}

/** Ends one session (sign-out). */
export async function closeSession(db: Database, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a user, on every device ("sign out everywhere"); returns how many were open. */
export async function closeAllSessions(db: Database, userId: string): Promise<number> {
  const closed = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return closed.length;
}
