import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { As2KeyPair } from '../../connectors/as2/keys.ts';
import type { Database } from '../db/client.ts';
import { as2Certificates } from '../db/schema.ts';
import type { SecretBox } from '../runtime/secret-box.ts';

/**
 * The read side of the AS2 key store (src/services/as2/certificates.ts keeps it): what AS2 receive and send
 * use with one partner. Below the pipeline, so the pipeline's AS2 stages may read it too.
 */

type Row = typeof as2Certificates.$inferSelect;
type As2Usage = Row['usage'];

/** A partner certificate as AS2 code uses it. */
export interface PartnerCertificate {
  pem: string;
  fingerprint: string;
}

/** What AS2 receive and send use with one partner at `now`. */
export interface As2Keys {
  own: {
    /** The newest own key pair in use for signing; undefined when there is none. */
    signing: (As2KeyPair & { fingerprint: string }) | undefined;
    /** Every own key pair still accepted for decryption, newest first (the rotation overlap keeps old ones). */
    decrypting: (As2KeyPair & { fingerprint: string })[];
  };
  partner: {
    /** Every certificate the partner's signatures are verified with, newest first. */
    signing: PartnerCertificate[];
    /** The newest certificate in use to encrypt to the partner; undefined when there is none. */
    encryption: PartnerCertificate | undefined;
  };
}

const SIGNS: As2Usage[] = ['sign', 'both'];
const ENCRYPTS: As2Usage[] = ['encrypt', 'both'];

/**
 * Our key pairs and the partner's certificates usable at `now`: unexpired and still accepted (`acceptedUntil`
 * unset or later). What we sign and encrypt with must also be active (`activeFrom` reached); what we decrypt
 * and verify with need not be, so a partner may switch to a new certificate before we do. Private keys are
 * opened with `box` (a `secrets.undecryptable` error for another key's seal).
 */
export async function as2KeysFor(
  db: Database,
  box: SecretBox,
  partnerId: string,
  now = new Date(),
): Promise<As2Keys> {
  const rows = await db
    .select()
    .from(as2Certificates)
    .where(
      and(
        or(isNull(as2Certificates.partnerId), eq(as2Certificates.partnerId, partnerId)),
        gt(as2Certificates.notAfter, now),
        or(isNull(as2Certificates.acceptedUntil), gt(as2Certificates.acceptedUntil, now)),
      ),
    )
    .orderBy(desc(as2Certificates.activeFrom), desc(as2Certificates.createdAt));
  const active = (row: Row) => row.activeFrom.getTime() <= now.getTime();
  const ownRows = rows.filter((row) => row.partnerId === null && row.privateKey !== null);
  const theirs = rows.filter((row) => row.partnerId === partnerId);
  const opened = new Map<string, As2KeyPair & { fingerprint: string }>();
  const pair = (row: Row) => {
    let found = opened.get(row.id);
    if (!found) {
      found = {
        privateKeyPem: box.open(row.privateKey!),
        certificatePem: row.certificatePem,
        fingerprint: row.fingerprint,
      };
      opened.set(row.id, found);
    }
    return found;
  };
  const signingRow = ownRows.find((row) => SIGNS.includes(row.usage) && active(row));
  const encryptionRow = theirs.find((row) => ENCRYPTS.includes(row.usage) && active(row));
  return {
    own: {
      signing: signingRow && pair(signingRow),
      decrypting: ownRows.filter((row) => ENCRYPTS.includes(row.usage)).map(pair),
    },
    partner: {
      signing: theirs
        .filter((row) => SIGNS.includes(row.usage))
        .map((row) => ({ pem: row.certificatePem, fingerprint: row.fingerprint })),
      encryption: encryptionRow && {
        pem: encryptionRow.certificatePem,
        fingerprint: encryptionRow.fingerprint,
      },
    },
  };
}
