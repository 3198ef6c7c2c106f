import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { MailDnsResolver } from '../../connectors/email/authenticate.ts';

/** A DKIM signing key of a test domain, with the TXT record that publishes it. */
export interface TestDkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The name of its DNS record, `<selector>._domainkey.<domain>`. */
  name: string;
  /** Its TXT record, `v=DKIM1; k=rsa; p=…` (RFC 6376 §3.6.1). */
  record: string;
}

/** A fresh RSA key (2048 bits: mailauth refuses keys under 1024) for a domain's DKIM signatures. */
export function testDkimKey(domain: string, selector = 'test'): TestDkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    name: `${selector}._domainkey.${domain}`,
    record: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** The mail with a DKIM-Signature of `key` in front (relaxed/relaxed, rsa-sha256, as mail services sign). */
export async function dkimSigned(
  raw: Uint8Array | string,
  key: TestDkimKey,
  options: { maxBodyLength?: number } = {},
): Promise<Buffer> {
  const message = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw);
  const signed = await dkimSign(message, {
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKey,
    signatureData: [
      {
        signingDomain: key.domain,
        selector: key.selector,
        privateKey: key.privateKey,
        ...(options.maxBodyLength !== undefined ? { maxBodyLength: options.maxBodyLength } : {}),
      },
    ],
  });
  if (signed.errors.length > 0) throw signed.errors[0];
  return Buffer.concat([Buffer.from(signed.signatures), message]);
}

/**
 * A DNS resolver answering TXT queries from `records` (name → one record, or several), as mailauth asks it:
 * each record a list of strings. Any other name or type does not exist (ENOTFOUND), as DNS would say.
 */
export function txtResolver(records: Readonly<Record<string, string | readonly string[]>>): MailDnsResolver {
  return async (name, type) => {
    const found = records[name.toLowerCase()];
    if (type === 'TXT' && found !== undefined) return [found].flat().map((record) => [record]);
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
}
