import { and, eq, gt, isNull } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { permanent } from '../../core/errors.ts';
import { zodProblems } from '../../core/field-problem.ts';
import { Password, type UserView } from '../../core/user.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { userLinks, users } from '../../db/schema.ts';
import { FailedAuthLimiter } from '../../runtime/failed-auth-limiter.ts';
import { DECOY_HASH, hashPassword, verifyPassword } from '../../runtime/password-hash.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import { hashSecret } from '../../runtime/secrets.ts';
import { userView } from './users.ts';

/**
 * Sign-in attempts are limited twice, per process: an account takes 5 wrong passwords in 15 minutes (guessing
 * one person's password from many addresses), an address 20 in a minute (trying many accounts from one place).
 */
export function signInLimiters(): { account: FailedAuthLimiter; address: FailedAuthLimiter } {
  return {
    account: new FailedAuthLimiter(5, Date.now, 15 * 60_000),
    address: new FailedAuthLimiter(20),
  };
}

const failed = () =>
  permanent('user.sign_in_failed', 'the email address, password or one-time code is wrong');

/** A TOTP for a base32 secret: SHA-1, 6 digits, 30 s (what every authenticator app reads). */
function totpOf(secret: string, email: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'ordergate', label: email, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** True when `code` is the secret's code now, or one period before or after (clocks drift). */
function totpAccepts(secret: string, email: string, code: string): boolean {
  return totpOf(secret, email).validate({ token: code.replace(/\s/g, ''), window: 1 }) !== null;
}

/**
 * Checks a sign-in: the same refusal (`user.sign_in_failed`) for an unknown address, a disabled user, a wrong
 * password or a wrong code, and the same time taken for each (an unknown address is checked against a decoy
 * hash), so the answer tells an attacker nothing.
 */
export async function signIn(
  db: Database,
  box: SecretBox,
  attempt: { email: string; password: string; code?: string },
): Promise<UserView> {
  const [row] = await db.select().from(users).where(eq(users.email, attempt.email.trim().toLowerCase()));
  const hash = row?.passwordHash ?? (await DECOY_HASH);
  const matches = await verifyPassword(attempt.password, hash);
  if (!row?.passwordHash || row.disabledAt || !matches) throw failed();
  if (row.totpSecret && !totpAccepts(box.open(row.totpSecret), row.email, attempt.code ?? '')) throw failed();
  return userView(row);
}

/**
 * Follows a one-time link: sets the user's password, uses the link up, and returns the user to sign in.
 * `user.link_invalid` for an unknown, used or expired link; `user.invalid` for a password too short.
 */
export async function redeemLink(db: Database, token: string, password: string): Promise<UserView> {
  const checked = Password.safeParse(password);
  if (!checked.success)
    throw permanent('user.invalid', 'the password is refused', {
      details: zodProblems(checked.error).map((p) => ({ ...p, path: 'password' })),
    });
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(userLinks)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(userLinks.hash, hashSecret(token)),
          isNull(userLinks.usedAt),
          gt(userLinks.expiresAt, new Date()),
        ),
      )
      .returning({ userId: userLinks.userId });
    if (!link) throw permanent('user.link_invalid', 'this sign-in link is unknown, used already or expired');
    const [row] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, link.userId))
      .returning();
    await audit(tx, {
      actor: `user:${link.userId}`,
      entityType: 'user',
      entityId: link.userId,
      action: 'password_set',
    });
    return userView(row!);
  });
}

/** True when the link is one that {@link redeemLink} would take now (the page asks before showing its form). */
export async function linkIsValid(db: Database, token: string): Promise<boolean> {
  const [link] = await db
    .select({ id: userLinks.id })
    .from(userLinks)
    .where(
      and(
        eq(userLinks.hash, hashSecret(token)),
        isNull(userLinks.usedAt),
        gt(userLinks.expiresAt, new Date()),
      ),
    );
  return link !== undefined;
}

/**
 * A TOTP secret for a user to enrol (a new one unless `secret` is given again): the secret (base32) and the
 * `otpauth://` URI an app reads.
 */
export function totpEnrolment(
  email: string,
  secret = new OTPAuth.Secret({ size: 20 }).base32,
): { secret: string; uri: string } {
  return { secret, uri: totpOf(secret, email).toString() };
}

/**
 * Turns TOTP on for a user once they prove their app has the secret (a current code); the secret is stored
 * sealed with ORDERGATE_SECRETS_KEY. Audited.
 */
export async function enableTotp(
  db: Database,
  box: SecretBox,
  userId: string,
  secret: string,
  code: string,
): Promise<void> {
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!row || !totpAccepts(secret, row.email, code))
    throw permanent('user.invalid', 'the one-time code does not match the secret', {
      details: [{ path: 'code', message: 'is not the code your app shows now' }],
    });
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: box.seal(secret), updatedAt: new Date() })
      .where(eq(users.id, userId));
    await audit(tx, {
      actor: `user:${userId}`,
      entityType: 'user',
      entityId: userId,
      action: 'totp_enabled',
    });
  });
}

/** Turns TOTP off for a user (the user themselves, or an admin for a lost phone); audited. */
export async function disableTotp(db: Database, userId: string, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await audit(tx, { actor, entityType: 'user', entityId: userId, action: 'totp_disabled' });
  });
}
