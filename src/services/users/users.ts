import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { zodProblems } from '../../core/field-problem.ts';
import { type Role, UserInput, type UserView } from '../../core/user.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { sessions, userLinks, users } from '../../db/schema.ts';
import { hashSecret, newSecret } from '../../runtime/secrets.ts';

/** How long a one-time sign-in link works. */
export const LINK_TTL_MS = 72 * 3600_000;

type UserRow = typeof users.$inferSelect;

/** The one-time sign-in link of a token, as the console serves it (shown once, where the link was made). */
export function signInUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/admin/welcome/${encodeURIComponent(token)}`;
}

/** What every surface shows of a user. */
export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    active: row.passwordHash !== null,
    totp: row.totpSecret !== null,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A new one-time link for `userId`, written in the caller's transaction; the token is returned once. */
async function insertLink(tx: Database, userId: string, now: Date): Promise<string> {
  const token = newSecret('og_link');
  await tx.insert(userLinks).values({
    id: randomUUID(),
    userId,
    hash: hashSecret(token),
    expiresAt: new Date(now.getTime() + LINK_TTL_MS),
  });
  return token;
}

/** A created user and the token of its first sign-in link (shown once: the link sets the password). */
export interface CreatedUser {
  user: UserView;
  linkToken: string;
}

/**
 * Creates a user (admin only: the API, the CLI and the console's users page call this). The user has no
 * password until the link is followed. `user.invalid` lists each bad field; `user.exists` for a taken address.
 */
export async function createUser(db: Database, input: unknown, actor: string): Promise<CreatedUser> {
  const parsed = UserInput.safeParse(input);
  if (!parsed.success)
    throw permanent('user.invalid', 'the user is invalid', { details: zodProblems(parsed.error) });
  const { email, role } = parsed.data;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ id: randomUUID(), email, role })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row)
      throw permanent('user.exists', `a user with the address ${email} exists already`, {
        details: [{ path: 'email', message: 'is taken by another user' }],
      });
    const linkToken = await insertLink(tx, row.id, new Date());
    await audit(tx, { actor, entityType: 'user', entityId: row.id, action: 'created', after: userView(row) });
    return { user: userView(row), linkToken };
  });
}

/** Every user, by address. */
export async function listUsers(db: Database): Promise<UserView[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return rows.map(userView);
}

export async function getUser(db: Database, id: string): Promise<UserView | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row && userView(row);
}

/** A change an admin makes to a user. */
export interface UserChange {
  role?: Role;
  disabled?: boolean;
}

/**
 * Changes a user's role or disables (enables) it. Disabling ends every session of the user at once, in the same
 * transaction, so a disabled user's open tab is signed out on its next request.
 */
export async function changeUser(
  db: Database,
  id: string,
  change: UserChange,
  actor: string,
): Promise<UserView | undefined> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) return undefined;
    const [after] = await tx
      .update(users)
      .set({
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? new Date() : null }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (change.disabled)
      await tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.userId, id));
    await audit(tx, {
      actor,
      entityType: 'user',
      entityId: id,
      action: 'changed',
      before: userView(before),
      after: userView(after!),
    });
    return userView(after!);
  });
}

/** A new one-time sign-in link for an existing user (a forgotten password, a lost authenticator); audited. */
export async function issueSignInLink(db: Database, id: string, actor: string): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.id, id));
    if (!row) return undefined;
    const token = await insertLink(tx, id, new Date());
    await audit(tx, { actor, entityType: 'user', entityId: id, action: 'sign_in_link_issued' });
    return token;
  });
}
