import { and, gt, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { as2Certificates } from '../../db/schema.ts';
import { DAY_MS, EXPIRY_WARNING_DAYS } from './certificate-view.ts';

/** A certificate that expires within the warning window (or has expired and is still accepted). */
export interface ExpiringCertificate {
  id: string;
  name: string;
  /** Null for our own key pairs. */
  partnerId: string | null;
  fingerprint: string;
  notAfter: string;
  /** Whole days left, rounded down; negative once expired. */
  daysLeft: number;
}

/**
 * The certificates still accepted that expire within `within` days of `now` (30), soonest first: own and
 * partners', expired ones included until they are retired, so a lapsed certificate is not silently dropped.
 */
export async function expiringCertificates(
  db: Database,
  options: { within?: number; now?: Date } = {},
): Promise<ExpiringCertificate[]> {
  const now = options.now ?? new Date();
  const limit = new Date(now.getTime() + (options.within ?? EXPIRY_WARNING_DAYS) * DAY_MS);
  const rows = await db
    .select()
    .from(as2Certificates)
    .where(
      and(
        lte(as2Certificates.notAfter, limit),
        or(isNull(as2Certificates.acceptedUntil), gt(as2Certificates.acceptedUntil, now)),
      ),
    )
    .orderBy(as2Certificates.notAfter);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    partnerId: row.partnerId,
    fingerprint: row.fingerprint,
    notAfter: row.notAfter.toISOString(),
    daysLeft: Math.floor((row.notAfter.getTime() - now.getTime()) / DAY_MS),
  }));
}

/**
 * Every certificate still accepted with its notAfter, for the expiry gauge of `/metrics`: retired ones are left
 * out (they warn of nothing).
 */
export async function acceptedCertificateExpiries(
  db: Database,
  now = new Date(),
): Promise<{ partnerId: string | null; name: string; fingerprint: string; notAfter: Date }[]> {
  return db
    .select({
      partnerId: as2Certificates.partnerId,
      name: as2Certificates.name,
      fingerprint: as2Certificates.fingerprint,
      notAfter: as2Certificates.notAfter,
    })
    .from(as2Certificates)
    .where(or(isNull(as2Certificates.acceptedUntil), gt(as2Certificates.acceptedUntil, now)));
}
