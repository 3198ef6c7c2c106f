import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { As2KeyPair } from '../../../connectors/as2/keys.ts';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { as2Certificates, partners } from '../../db/schema.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import { newSelfSignedKeyPair } from './certificate-generate.ts';
import {
  type CertificateFacts,
  readCertificate,
  readPkcs12,
  readPrivateKey,
  refuseExpired,
  refuseMismatch,
} from './certificate-read.ts';

export type { As2KeyPair } from '../../../connectors/as2/keys.ts';
export { type As2Keys, as2KeysFor, type PartnerCertificate } from '../../partners/as2-keys.ts';

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

type Row = typeof as2Certificates.$inferSelect;

const DAY_MS = 86_400_000;

/** The days of warning before a certificate expires (the console and `/metrics` count them). */
export const EXPIRY_WARNING_DAYS = 30;

function stateAt(row: Row, now: Date): CertificateState {
  const t = now.getTime();
  if (row.notAfter.getTime() <= t) return 'expired';
  if (row.acceptedUntil && row.acceptedUntil.getTime() <= t) return 'retired';
  if (row.activeFrom.getTime() > t) return 'pending';
  return row.acceptedUntil ? 'ending' : 'active';
}

function view(row: Row, now: Date): CertificateView {
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
const auditShape = (row: Row) => ({
  name: row.name,
  usage: row.usage,
  fingerprint: row.fingerprint,
  activeFrom: row.activeFrom.toISOString(),
  acceptedUntil: row.acceptedUntil?.toISOString() ?? null,
});

const ownerOf = (partnerId: string | null) =>
  partnerId === null ? isNull(as2Certificates.partnerId) : eq(as2Certificates.partnerId, partnerId);

/** Stores a checked certificate (and sealed key); refuses the same certificate twice for one owner (409). */
async function store(
  db: Database,
  input: {
    partnerId: string | null;
    name: string;
    usage: As2Usage;
    facts: CertificateFacts;
    sealedKey: string | null;
    activeFrom?: Date;
    actor: string;
  },
): Promise<CertificateView> {
  if (input.name.trim() === '' || input.name.length > 200)
    throw permanent('request.invalid', 'the name is empty or longer than 200 characters', {
      details: [{ path: 'name', message: 'must be 1 to 200 characters' }],
    });
  const row = await db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: as2Certificates.id, name: as2Certificates.name })
      .from(as2Certificates)
      .where(and(ownerOf(input.partnerId), eq(as2Certificates.fingerprint, input.facts.fingerprint)));
    if (clash)
      throw permanent(
        'as2.certificate_exists',
        `the certificate is stored already as "${clash.name}" (${clash.id})`,
        { details: { id: clash.id, fingerprint: input.facts.fingerprint } },
      );
    const [inserted] = await tx
      .insert(as2Certificates)
      .values({
        id: randomUUID(),
        partnerId: input.partnerId,
        name: input.name,
        usage: input.usage,
        certificatePem: input.facts.certificatePem,
        privateKey: input.sealedKey,
        fingerprint: input.facts.fingerprint,
        subject: input.facts.subject,
        issuer: input.facts.issuer,
        serial: input.facts.serial,
        notBefore: input.facts.notBefore,
        notAfter: input.facts.notAfter,
        ...(input.activeFrom ? { activeFrom: input.activeFrom } : {}),
      })
      .returning();
    await audit(tx, {
      actor: input.actor,
      entityType: 'as2_certificate',
      entityId: inserted!.id,
      action: input.sealedKey ? 'add_key_pair' : 'add',
      after: { partnerId: input.partnerId, ...auditShape(inserted!), subject: inserted!.subject },
    });
    return inserted!;
  });
  return view(row, new Date());
}

/** Options every own key pair takes, generated or imported. */
interface OwnKeyOptions {
  name: string;
  usage?: As2Usage;
  /** When it starts to sign (default now); until then it only decrypts. */
  activeFrom?: Date;
  actor?: string;
}

/**
 * Generates our own key pair: RSA (2048 bits unless asked for 3072) with a self-signed certificate valid for
 * `days` (730), its private key sealed with the secrets key. Audited.
 */
export async function generateOwnKeyPair(
  db: Database,
  box: SecretBox,
  options: OwnKeyOptions & { days?: number; subject?: string; modulusLength?: 2048 | 3072 },
): Promise<CertificateView> {
  const pair = await newSelfSignedKeyPair({
    subject: options.subject ?? `CN=${options.name.replaceAll(/[,+="\\<>;#]/g, ' ').trim() || 'ordergate'}`,
    days: options.days ?? 730,
    modulusLength: options.modulusLength,
  });
  return storeOwn(db, box, options, pair);
}

/** A key pair to import: PEM certificate and private key, or a PKCS#12 file and its password. */
export type OwnKeyImport =
  | { certificatePem: string; privateKeyPem: string }
  | { pkcs12: Uint8Array; password: string };

/**
 * Imports our own key pair from PEM or PKCS#12; refuses a key that does not belong to its certificate, an
 * expired certificate (422) and one stored already (409). Audited; the private key is stored sealed.
 */
export async function importOwnKeyPair(
  db: Database,
  box: SecretBox,
  options: OwnKeyOptions & OwnKeyImport,
): Promise<CertificateView> {
  const pair =
    'pkcs12' in options
      ? readPkcs12(options.pkcs12, options.password)
      : { certificatePem: options.certificatePem, privateKeyPem: readPrivateKey(options.privateKeyPem) };
  return storeOwn(db, box, options, pair);
}

async function storeOwn(
  db: Database,
  box: SecretBox,
  options: OwnKeyOptions,
  pair: As2KeyPair,
): Promise<CertificateView> {
  const facts = readCertificate(pair.certificatePem);
  refuseExpired(facts, new Date());
  refuseMismatch(pair.privateKeyPem, facts.certificatePem);
  return store(db, {
    partnerId: null,
    name: options.name,
    usage: options.usage ?? 'both',
    facts,
    sealedKey: box.seal(pair.privateKeyPem),
    activeFrom: options.activeFrom,
    actor: options.actor ?? 'admin',
  });
}

/**
 * Adds a partner's certificate (public only); refuses malformed PEM and expired certificates (422), the same
 * certificate twice for the partner (409) and a partner that does not exist (404, `request.not_found`).
 */
export async function addPartnerCertificate(
  db: Database,
  input: {
    partnerId: string;
    name: string;
    certificatePem: string;
    usage: As2Usage;
    activeFrom?: Date;
    actor?: string;
  },
): Promise<CertificateView> {
  const facts = readCertificate(input.certificatePem);
  refuseExpired(facts, new Date());
  await requirePartner(db, input.partnerId);
  return store(db, {
    partnerId: input.partnerId,
    name: input.name,
    usage: input.usage,
    facts,
    sealedKey: null,
    activeFrom: input.activeFrom,
    actor: input.actor ?? 'admin',
  });
}

async function requirePartner(db: Database, partnerId: string): Promise<void> {
  const [partner] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  if (!partner) throw permanent('request.not_found', `no partner ${partnerId}`);
}

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
  return view(row, now);
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
  return view(row, now);
}

/** One certificate by id (own or a partner's), without its private key; undefined when there is none. */
export async function getCertificate(db: Database, id: string): Promise<CertificateView | undefined> {
  const [row] = await db.select().from(as2Certificates).where(eq(as2Certificates.id, id));
  return row && view(row, new Date());
}

/**
 * Our own key pairs, or one partner's certificates, newest first; never a private key. An unknown partner is
 * a `request.not_found` error (404), not an empty list.
 */
export async function listCertificates(
  db: Database,
  owner: { partnerId: string } | { own: true },
  now = new Date(),
): Promise<CertificateView[]> {
  if ('partnerId' in owner) await requirePartner(db, owner.partnerId);
  const rows = await db
    .select()
    .from(as2Certificates)
    .where(ownerOf('own' in owner ? null : owner.partnerId))
    .orderBy(desc(as2Certificates.activeFrom), desc(as2Certificates.createdAt));
  return rows.map((row) => view(row, now));
}

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
