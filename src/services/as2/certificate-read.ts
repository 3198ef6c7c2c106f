import { createPrivateKey, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import forge from 'node-forge';
import { type CertificateInfo, certificateInfo } from '../../../connectors/as2/certificate-info.ts';
import { permanent } from '../../core/errors.ts';

/** What the `as2_certificates` row records of a certificate besides its PEM. */
export interface CertificateFacts {
  /** The certificate alone, as PEM (whatever surrounded it in the text given is dropped). */
  certificatePem: string;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
  subject: string;
  issuer: string;
  /** Hex, as the certificate holds it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Reads one PEM certificate; anything else (no block, several, one that does not parse) is refused with 422. */
export function readCertificate(pem: string): CertificateFacts {
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length !== 1)
    throw permanent(
      'as2.certificate_invalid',
      blocks.length === 0
        ? 'no PEM certificate (-----BEGIN CERTIFICATE-----) in the text'
        : `${blocks.length} certificates in the text: give one at a time`,
    );
  let info: CertificateInfo;
  try {
    info = certificateInfo(blocks[0]!);
  } catch (error) {
    throw permanent('as2.certificate_invalid', `the certificate cannot be read: ${(error as Error).message}`);
  }
  return {
    certificatePem: derToPem(info.der),
    fingerprint: info.fingerprint,
    subject: info.subject,
    issuer: info.issuer,
    serial: info.serial,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
  };
}

/** A certificate's DER as PEM, 64 characters a line. */
function derToPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Refuses a certificate whose validity has ended by `now` (422). */
export function refuseExpired(facts: CertificateFacts, now: Date): void {
  if (facts.notAfter.getTime() <= now.getTime())
    throw permanent(
      'as2.certificate_expired',
      `the certificate ${facts.subject} expired on ${facts.notAfter.toISOString()}`,
    );
}

/** Reads an unencrypted PEM private key (PKCS#8, PKCS#1, SEC1) and returns it as PKCS#8 PEM. */
export function readPrivateKey(pem: string): string {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw permanent('as2.private_key_invalid', `the private key cannot be read: ${(error as Error).message}`);
  }
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Whether the private key belongs to the certificate: a random nonce signed with the key must verify with the
 * certificate's public key (a comparison of public keys would trust the key file's own public part).
 */
export function keyMatches(privateKeyPem: string, certificatePem: string): boolean {
  const nonce = randomBytes(32);
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(certificatePem);
  // Ed25519/Ed448 take no digest; RSA and EC sign SHA-256
  const digest = privateKey.asymmetricKeyType?.startsWith('ed') ? null : 'sha256';
  try {
    return verify(digest, nonce, publicKey, sign(digest, nonce, privateKey));
  } catch {
    // keys of different types (an EC key against an RSA certificate) cannot even be tried together
    return false;
  }
}

/** Refuses a key that does not belong to its certificate (422). */
export function refuseMismatch(privateKeyPem: string, certificatePem: string): void {
  if (!keyMatches(privateKeyPem, certificatePem))
    throw permanent(
      'as2.key_mismatch',
      'the private key does not belong to the certificate (a signature made with it does not verify)',
    );
}

/**
 * The private key (PKCS#8 PEM) of a PKCS#12 file and the certificate that belongs to it. node-forge reads the
 * OpenSSL 3 default (PBES2, AES-256-CBC, PBKDF2 with HMAC-SHA-256, SHA-256 MAC) and the legacy RC2/3DES files.
 */
export function readPkcs12(
  bytes: Uint8Array,
  password: string,
): { privateKeyPem: string; certificatePem: string } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    const message = (error as Error).message;
    if (/MAC could not be verified|wrong password|Invalid password/i.test(message))
      throw permanent('as2.pkcs12_wrong_password', 'the PKCS#12 file does not open with this password');
    throw permanent('as2.pkcs12_unreadable', `the PKCS#12 file cannot be read: ${message}`);
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ??
      []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? [];
  const keys = keyBags.flatMap((bag) => {
    // forge reads RSA keys itself and leaves others (EC) as ASN.1, which Node reads as PKCS#8
    if (bag.key) return [readPrivateKey(forge.pki.privateKeyToPem(bag.key))];
    if (bag.asn1) {
      const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
      return [
        createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
          .export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      ];
    }
    return [];
  });
  const certificates = certBags.flatMap((bag) => {
    if (bag.cert) return [forge.pki.certificateToPem(bag.cert)];
    if (bag.asn1) {
      return [derToPem(Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary'))];
    }
    return [];
  });
  for (const privateKeyPem of keys) {
    // a file may carry the CA chain too: the certificate is the one the key belongs to
    const certificatePem = certificates.find((pem) => keyMatches(privateKeyPem, pem));
    if (certificatePem) return { privateKeyPem, certificatePem };
  }
  throw permanent(
    'as2.pkcs12_incomplete',
    keys.length === 0
      ? 'the PKCS#12 file holds no private key'
      : 'the PKCS#12 file holds no certificate that belongs to its private key',
  );
}
