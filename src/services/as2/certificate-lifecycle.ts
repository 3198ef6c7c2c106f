import { and, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { as2Certificates } from '../../db/schema.ts';
import {
  type As2Usage,
  auditShape,
  type CertificateView,
  certificateView,
  DAY_MS,
  ownerOf,
  stateAt,
} from './certificate-view.ts';

/** The usages a certificate of `usage` takes over from the ones it replaces. */
function replacedUsages(usage: As2Usage): As2Usage[] {
  return usage === 'both' ? ['sign', 'encrypt', 'both'] : [usage];
}

/**
 * Makes `newId` the one in use from now, and ends the others it replaces after `overlapDays`: every other
 * certificate of the same owner still accepted, whose usage the new one covers (a new `both` replaces all; a
 * new `sign` one only `sign` ones, so a separate encryption certificate stays), gets `acceptedUntil` = now +
 * overlap (or keeps an earlier end it had). During the overlap the old ones still decrypt and verify.
 */
async function rotate(
  db: Database,
  input: { newId: string; overlapDays: number; actor?: string },
  own: boolean,
): Promise<CertificateView> {
  const now = new Date();
  const until = new Date(now.getTime() + input.overlapDays * DAY_MS);
  const row = await db.transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(as2Certificates)
      .where(
        and(
          eq(as2Certificates.id, input.newId),
          own ? isNull(as2Certificates.partnerId) : isNotNull(as2Certificates.partnerId),
        ),
      )
      .for('update');
    if (!target)
      throw permanent(
        'request.not_found',
        `no ${own ? 'own key pair' : 'partner certificate'} ${input.newId}`,
      );
    const state = stateAt(target, now);
    if (state === 'retired' || state === 'expired')
      throw permanent('as2.certificate_retired', `the certificate "${target.name}" is ${state}`);
    const [made] = await tx
      .update(as2Certificates)
      .set({ activeFrom: now, acceptedUntil: null })
      .where(eq(as2Certificates.id, target.id))
      .returning();
    const ended = await tx
      .update(as2Certificates)
      .set({
        acceptedUntil: sql`least(coalesce(${as2Certificates.acceptedUntil}, 'infinity'), ${until.toISOString()}::timestamptz)`,
      })
      .where(
        and(
          ownerOf(target.partnerId),
          ne(as2Certificates.id, target.id),
          inArray(as2Certificates.usage, replacedUsages(target.usage)),
          or(isNull(as2Certificates.acceptedUntil), gt(as2Certificates.acceptedUntil, now)),
        ),
      )
      .returning();
    await audit(tx, [
      {
        actor: input.actor ?? 'admin',
        entityType: 'as2_certificate',
        entityId: target.id,
        action: 'rotate_to',
        before: auditShape(target),
        after: { ...auditShape(made!), overlapDays: input.overlapDays },
      },
      ...ended.map((r) => ({
        actor: input.actor ?? 'admin',
        entityType: 'as2_certificate',
        entityId: r.id,
        action: 'rotate_from',
        after: { ...auditShape(r), replacedBy: target.id },
      })),
    ]);
    return made!;
  });
  return certificateView(row, now);
}

/** Rotates to our own key pair `newId` (see {@link rotate}); 404 for an id that is no own key pair. */
export function rotateOwnKeyPair(
  db: Database,
  input: { newId: string; overlapDays: number; actor?: string },
): Promise<CertificateView> {
  return rotate(db, input, true);
}

/** Rotates to the partner certificate `newId` among that partner's (see {@link rotate}). */
export function rotatePartnerCertificate(
  db: Database,
  input: { newId: string; overlapDays: number; actor?: string },
): Promise<CertificateView> {
  return rotate(db, input, false);
}

/** Stops accepting a certificate from now (`acceptedUntil` = now); 404 for an unknown id. Audited. */
export async function retireCertificate(db: Database, id: string, actor = 'admin'): Promise<CertificateView> {
  const now = new Date();
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(as2Certificates).where(eq(as2Certificates.id, id)).for('update');
    if (!before) throw permanent('request.not_found', `no AS2 certificate ${id}`);
    const [after] = await tx
      .update(as2Certificates)
      .set({
        acceptedUntil: sql`least(coalesce(${as2Certificates.acceptedUntil}, 'infinity'), ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(as2Certificates.id, id))
      .returning();
    await audit(tx, {
      actor,
      entityType: 'as2_certificate',
      entityId: id,
      action: 'retire',
      before: auditShape(before),
      after: auditShape(after!),
    });
    return after!;
  });
  return certificateView(row, now);
}
