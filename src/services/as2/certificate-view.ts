import { eq, isNull } from 'drizzle-orm';
import { as2Certificates } from '../../db/schema.ts';

/** What a certificate is used for: signing, encryption, or both. */
export type As2Usage = (typeof as2Certificates.$inferSelect)['usage'];
export const AS2_USAGES = ['sign', 'encrypt', 'both'] as const satisfies readonly As2Usage[];

/**
 * Where a certificate stands at a moment: `pending` (active from later), `active`, `ending` (still accepted,
 * until `acceptedUntil`), `retired` (no longer accepted) or `expired` (past its notAfter).
 */
export type CertificateState = 'pending' | 'active' | 'ending' | 'retired' | 'expired';

/** A certificate as the API and the console show it: never its private key, only whether it has one. */
export interface CertificateView {
  id: string;
  /** Null for our own key pairs. */
  partnerId: string | null;
  name: string;
  usage: As2Usage;
  fingerprint: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  activeFrom: string;
  acceptedUntil: string | null;
  createdAt: string;
  hasPrivateKey: boolean;
  state: CertificateState;
  certificatePem: string;
}

/** A stored certificate row. */
export type CertificateRow = typeof as2Certificates.$inferSelect;

/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

/** The days of warning before a certificate expires (the console and `/metrics` count them). */
export const EXPIRY_WARNING_DAYS = 30;

/** Where a certificate stands at `now`. */
export function stateAt(row: CertificateRow, now: Date): CertificateState {
  const t = now.getTime();
  if (row.notAfter.getTime() <= t) return 'expired';
  if (row.acceptedUntil && row.acceptedUntil.getTime() <= t) return 'retired';
  if (row.activeFrom.getTime() > t) return 'pending';
  return row.acceptedUntil ? 'ending' : 'active';
}

/** A row as the API and the console show it, at `now`. */
export function certificateView(row: CertificateRow, now: Date): CertificateView {
  return {
    id: row.id,
    partnerId: row.partnerId,
    name: row.name,
    usage: row.usage,
    fingerprint: row.fingerprint,
    subject: row.subject,
    issuer: row.issuer,
    serial: row.serial,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    activeFrom: row.activeFrom.toISOString(),
    acceptedUntil: row.acceptedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    hasPrivateKey: row.privateKey !== null,
    state: stateAt(row, now),
    certificatePem: row.certificatePem,
  };
}

/** What a rotation or a retirement records in the audit trail: the row's dates, never its key. */
export const auditShape = (row: CertificateRow) => ({
  name: row.name,
  usage: row.usage,
  fingerprint: row.fingerprint,
  activeFrom: row.activeFrom.toISOString(),
  acceptedUntil: row.acceptedUntil?.toISOString() ?? null,
});

/** The condition that selects one owner's certificates: ours (`null`) or a partner's. */
export const ownerOf = (partnerId: string | null) =>
  partnerId === null ? isNull(as2Certificates.partnerId) : eq(as2Certificates.partnerId, partnerId);
