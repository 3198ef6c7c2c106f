import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { zodProblems } from '../../core/field-problem.ts';
import { PartnerUserInput, type PartnerUserView } from '../../core/partner-user.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { partners, partnerUserInvites, partnerUsers, sessions } from '../../db/schema.ts';
import { hashSecret, newSecret } from '../../runtime/secrets.ts';

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

type PartnerUserRow = typeof partnerUsers.$inferSelect;

/** The portal's one-time invite link of a token (shown once where it was made, or mailed). */
export function inviteUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/portal/invite/${encodeURIComponent(token)}`;
}

/** What every surface shows of a partner user. */
export function partnerUserView(row: PartnerUserRow): PartnerUserView {
  return {
    id: row.id,
    partnerId: row.partnerId,
    email: row.email,
    ...(row.name ? { name: row.name } : {}),
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function insertInvite(tx: Database, partnerUserId: string): Promise<string> {
  const token = newSecret('og_invite');
  await tx.insert(partnerUserInvites).values({
    id: randomUUID(),
    partnerUserId,
    hash: hashSecret(token),
    expiresAt: new Date(Date.now() + INVITE_TTL_MS),
  });
  return token;
}

/** A created (or re-invited) partner user and its invite link's token, returned once. */
export interface InvitedPartnerUser {
  user: PartnerUserView;
  inviteToken: string;
}

/**
 * Invites a person of a partner to the portal (admin: the API and the console's partner page call this): the
 * partner user is created (or, when the address is one of the partner's users already, found and enabled) and
 * gets a new one-time link. Undefined when the partner does not exist; `user.invalid` lists each bad field.
 */
export async function invitePartnerUser(
  db: Database,
  partnerId: string,
  input: unknown,
  actor: string,
): Promise<InvitedPartnerUser | undefined> {
  const parsed = PartnerUserInput.safeParse(input);
  if (!parsed.success)
    throw permanent('user.invalid', 'the partner user is invalid', { details: zodProblems(parsed.error) });
  const { email, name } = parsed.data;
  return db.transaction(async (tx) => {
    const [partner] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
    if (!partner) return undefined;
    await tx
      .insert(partnerUsers)
      .values({ id: randomUUID(), partnerId, email, name: name ?? null })
      .onConflictDoNothing();
    const [row] = await tx
      .update(partnerUsers)
      .set({ disabledAt: null, updatedAt: new Date(), ...(name ? { name } : {}) })
      .where(and(eq(partnerUsers.partnerId, partnerId), eq(partnerUsers.email, email)))
      .returning();
    const inviteToken = await insertInvite(tx, row!.id);
    await audit(tx, {
      actor,
      entityType: 'partner_user',
      entityId: row!.id,
      action: 'invited',
      after: partnerUserView(row!),
    });
    return { user: partnerUserView(row!), inviteToken };
  });
}

/** A partner's users, by address. */
export async function listPartnerUsers(db: Database, partnerId: string): Promise<PartnerUserView[]> {
  const rows = await db
    .select()
    .from(partnerUsers)
    .where(eq(partnerUsers.partnerId, partnerId))
    .orderBy(asc(partnerUsers.email));
  return rows.map(partnerUserView);
}

/**
 * Disables (or enables) a partner's user; disabling ends its portal sessions in the same transaction. Undefined
 * when the partner has no such user (another partner's user is not found either).
 */
export async function setPartnerUserDisabled(
  db: Database,
  partnerId: string,
  id: string,
  disabled: boolean,
  actor: string,
): Promise<PartnerUserView | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(partnerUsers)
      .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(partnerUsers.id, id), eq(partnerUsers.partnerId, partnerId)))
      .returning();
    if (!row) return undefined;
    if (disabled)
      await tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(sessions.userId, id), eq(sessions.kind, 'portal'), isNull(sessions.revokedAt)));
    await audit(tx, {
      actor,
      entityType: 'partner_user',
      entityId: id,
      action: disabled ? 'disabled' : 'enabled',
      after: partnerUserView(row),
    });
    return partnerUserView(row);
  });
}

/**
 * Follows an invite link: uses it up and returns the partner user to sign in (the caller opens the session).
 * `user.link_invalid` for an unknown, used or expired link, or a disabled user.
 */
export async function redeemInvite(db: Database, token: string): Promise<PartnerUserView> {
  return db.transaction(async (tx) => {
    const [invite] = await tx
      .update(partnerUserInvites)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(partnerUserInvites.hash, hashSecret(token)),
          isNull(partnerUserInvites.usedAt),
          gt(partnerUserInvites.expiresAt, new Date()),
        ),
      )
      .returning({ partnerUserId: partnerUserInvites.partnerUserId });
    const [row] = invite
      ? await tx
          .select()
          .from(partnerUsers)
          .where(and(eq(partnerUsers.id, invite.partnerUserId), isNull(partnerUsers.disabledAt)))
      : [];
    if (!row) throw permanent('user.link_invalid', 'this invite link is unknown, used already or expired');
    await audit(tx, {
      actor: `partner_user:${row.id}`,
      entityType: 'partner_user',
      entityId: row.id,
      action: 'invite_redeemed',
    });
    return partnerUserView(row);
  });
}

/** True when {@link redeemInvite} would take the link now (the page asks before showing its button). */
export async function inviteIsValid(db: Database, token: string): Promise<boolean> {
  const [invite] = await db
    .select({ id: partnerUserInvites.id })
    .from(partnerUserInvites)
    .where(
      and(
        eq(partnerUserInvites.hash, hashSecret(token)),
        isNull(partnerUserInvites.usedAt),
        gt(partnerUserInvites.expiresAt, new Date()),
      ),
    );
  return invite !== undefined;
}
