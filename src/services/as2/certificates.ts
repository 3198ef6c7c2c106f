import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
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
import {
  type As2Usage,
  auditShape,
  type CertificateView,
  certificateView,
  ownerOf,
} from './certificate-view.ts';

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
  return certificateView(row, new Date());
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

/** Refuses an unknown partner: `request.not_found` (404). */
export async function requirePartner(db: Database, partnerId: string): Promise<void> {
  const [partner] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  if (!partner) throw permanent('request.not_found', `no partner ${partnerId}`);
}

/** One certificate by id (own or a partner's), without its private key; undefined when there is none. */
export async function getCertificate(db: Database, id: string): Promise<CertificateView | undefined> {
  const [row] = await db.select().from(as2Certificates).where(eq(as2Certificates.id, id));
  return row && certificateView(row, new Date());
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
  return rows.map((row) => certificateView(row, now));
}
