import type { TransportCredentials } from '../../core/connector.ts';
import type { Database } from '../../db/client.ts';
import { as2KeysFor } from '../../partners/as2-keys.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';

/** Our key pairs and the partner's certificates in force now, as a transport and the AS2 door use them. */
export async function as2Credentials(
  db: Database,
  secrets: SecretBox,
  partnerId: string,
  now = new Date(),
): Promise<TransportCredentials> {
  const keys = await as2KeysFor(db, secrets, partnerId, now);
  const encryption = keys.partner.encryption;
  return {
    own: { ...(keys.own.signing ? { signing: keys.own.signing } : {}), decrypting: keys.own.decrypting },
    partner: {
      signing: keys.partner.signing.map((c) => ({ certificatePem: c.pem, fingerprint: c.fingerprint })),
      ...(encryption
        ? { encryption: { certificatePem: encryption.pem, fingerprint: encryption.fingerprint } }
        : {}),
    },
  };
}
