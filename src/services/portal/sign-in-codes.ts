import { createHash, randomInt, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { PartnerUserView } from '../../core/partner-user.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { partnerUsers, portalSignInCodes } from '../../db/schema.ts';
import { partnerUserView } from './partner-users.ts';
import type { SystemMailer } from './system-mail.ts';

/** How long a mailed code works. */
export const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes a code takes before it is dead (a new one must be asked for). */
export const CODE_TRIES = 5;
/** The window of the request limits below. */
export const CODE_WINDOW_MS = 15 * 60_000;
/** Codes one address may ask for in the window (known or not: the same limit, so it reveals nothing). */
export const CODES_PER_ADDRESS = 3;
/** Codes one client (IP address) may ask for in the window, whatever the addresses. */
export const CODES_PER_CLIENT = 10;

const hashOf = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('hex');

const failed = () =>
  permanent('user.sign_in_failed', 'the code is wrong, expired or used up: ask for a new one');

/** The outcome of asking for a code: sent (or not, the same for an unknown address), or limited for a while. */
export type CodeRequest = { limited: false } | { limited: true; retryAfterSeconds: number };

/**
 * Asks for a sign-in code for `email`. Who may sign in: the partner users (partners' email identifiers are
 * order-mail senders, often shared robots' mailboxes, and are not let in). An address that is no enabled
 * partner user's gets the same answer and costs the same (a row is stored, its hash of a code nobody knows),
 * so the form cannot probe addresses. Limited per address and per client over {@link CODE_WINDOW_MS}. The mail
 * is sent after the code is committed and not awaited (a known address takes as long as an unknown one); a
 * failed send is logged through `onMailError`.
 */
export async function requestSignInCode(
  db: Database,
  request: { email: string; client: string },
  mailer: SystemMailer | undefined,
  onMailError: (error: unknown) => void,
): Promise<CodeRequest> {
  const email = request.email.trim().toLowerCase().slice(0, 254);
  const since = new Date(Date.now() - CODE_WINDOW_MS);
  const [byAddress, byClient] = await Promise.all([
    db
      .select({ n: count() })
      .from(portalSignInCodes)
      .where(and(eq(portalSignInCodes.email, email), gt(portalSignInCodes.createdAt, since))),
    db
      .select({ n: count() })
      .from(portalSignInCodes)
      .where(and(eq(portalSignInCodes.address, request.client), gt(portalSignInCodes.createdAt, since))),
  ]);
  if ((byAddress[0]?.n ?? 0) >= CODES_PER_ADDRESS || (byClient[0]?.n ?? 0) >= CODES_PER_CLIENT)
    return { limited: true, retryAfterSeconds: Math.ceil(CODE_WINDOW_MS / 1000) };
  // an address may be a user of several partners: the code signs in to the one invited first
  const [user] = await db
    .select({ id: partnerUsers.id })
    .from(partnerUsers)
    .where(and(eq(partnerUsers.email, email), isNull(partnerUsers.disabledAt)))
    .orderBy(asc(partnerUsers.createdAt), asc(partnerUsers.id))
    .limit(1);
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.insert(portalSignInCodes).values({
    id,
    email,
    partnerUserId: user?.id ?? null,
    // an unknown address's row holds the hash of a code nobody was told
    hash: hashOf(id, user ? code : randomUUID()),
    address: request.client,
    expiresAt: new Date(Date.now() + CODE_TTL_MS),
  });
  if (user && mailer)
    mailer({
      to: email,
      subject: `Your sign-in code: ${code}`,
      text: `Your code to sign in to the ordering portal is ${code}.\n\nIt works for 10 minutes, once. If you did not ask for it, ignore this mail.\n`,
    }).catch(onMailError);
  return { limited: false };
}

/**
 * Checks a code typed for `email`: only the address's latest code counts, unexpired, unused and with tries
 * left; each wrong try is counted (committed even though the sign-in is refused). The same refusal
 * (`user.sign_in_failed`) for every failure. Returns the partner user to open a session for.
 */
export async function verifySignInCode(
  db: Database,
  attempt: { email: string; code: string },
): Promise<PartnerUserView> {
  const email = attempt.email.trim().toLowerCase().slice(0, 254);
  const code = attempt.code.replace(/\s/g, '');
  const user = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(portalSignInCodes)
      .where(eq(portalSignInCodes.email, email))
      .orderBy(desc(portalSignInCodes.createdAt), desc(portalSignInCodes.id))
      .limit(1)
      .for('update');
    if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now() || row.tries >= CODE_TRIES)
      return undefined;
    const right = /^\d{6}$/.test(code) && hashOf(row.id, code) === row.hash && row.partnerUserId !== null;
    await tx
      .update(portalSignInCodes)
      .set(right ? { usedAt: new Date(), tries: row.tries + 1 } : { tries: row.tries + 1 })
      .where(eq(portalSignInCodes.id, row.id));
    if (!right) return undefined;
    const [found] = await tx
      .select()
      .from(partnerUsers)
      .where(and(eq(partnerUsers.id, row.partnerUserId!), isNull(partnerUsers.disabledAt)));
    if (!found) return undefined;
    await audit(tx, {
      actor: `partner_user:${found.id}`,
      entityType: 'partner_user',
      entityId: found.id,
      action: 'signed_in_with_code',
    });
    return partnerUserView(found);
  });
  if (!user) throw failed();
  return user;
}
