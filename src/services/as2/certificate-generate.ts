import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { As2KeyPair } from '../../../connectors/as2/keys.ts';
import { permanent } from '../../core/errors.ts';

const DAY_MS = 86_400_000;

/** The attribute names a subject may use, as `CN=…, O=…`. */
const SUBJECT_NAMES = new Set(['CN', 'O', 'OU', 'L', 'ST', 'C', 'E']);

/** `CN=ordergate, O=Acme` as forge's attributes; a part that is not `NAME=value` of a known name is refused. */
function subjectAttributes(subject: string): forge.pki.CertificateField[] {
  const parts = subject
    .split(/,(?=\s*[A-Za-z]+\s*=)/)
    .map((part) => part.trim())
    .filter(Boolean);
  const attributes = parts.map((part) => {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim().toUpperCase();
    const value = part.slice(at + 1).trim();
    if (at < 0 || !SUBJECT_NAMES.has(name) || value === '')
      throw permanent(
        'request.invalid',
        `the subject part "${part}" is not one of CN, O, OU, L, ST, C, E = value`,
      );
    return name === 'E' ? { name: 'emailAddress', value } : { shortName: name, value };
  });
  if (attributes.length === 0) throw permanent('request.invalid', 'the subject is empty');
  return attributes;
}

/**
 * A new RSA key pair (Node's native generator) and a self-signed certificate for it, signed
 * sha256WithRSAEncryption by node-forge, valid from `now` for `days`: keyUsage digitalSignature and
 * keyEncipherment (critical), so partners both verify what we sign and encrypt to us with it.
 */
export async function newSelfSignedKeyPair(options: {
  /** The certificate's subject and issuer, `CN=…, O=…` (CN, O, OU, L, ST, C, E). */
  subject: string;
  days: number;
  modulusLength?: 2048 | 3072;
  now?: Date;
}): Promise<As2KeyPair> {
  const attributes = subjectAttributes(options.subject);
  const keys = await promisify(generateKeyPair)('rsa', { modulusLength: options.modulusLength ?? 2048 });
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(
    keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  // a random positive serial of 16 bytes (RFC 5280: at most 20, unique per issuer; a self-signer is its own)
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  certificate.serialNumber = serial.toString('hex');
  const now = options.now ?? new Date();
  certificate.validity.notBefore = now;
  certificate.validity.notAfter = new Date(now.getTime() + options.days * DAY_MS);
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { privateKeyPem, certificatePem: forge.pki.certificateToPem(certificate) };
}
