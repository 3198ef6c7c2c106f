import { createHash, X509Certificate } from 'node:crypto';

/** What the key store and the console show of a certificate. */
export interface CertificateInfo {
  /** SHA-256 of the DER, lower-case hex without separators: the certificate's identity everywhere in AS2 code. */
  fingerprint: string;
  /** Distinguished names as `CN=…, O=…` (RFC 4514 order as Node prints them, one line). */
  subject: string;
  issuer: string;
  /** Serial number, upper-case hex as X.509 tools print it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  der: Uint8Array;
}

/** The SHA-256 fingerprint of a certificate's DER, lower-case hex. */
export function fingerprintOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Reads a PEM certificate (the first one, if several). Throws on anything that is not an X.509 certificate. */
export function certificateInfo(pem: string): CertificateInfo {
  const certificate = new X509Certificate(pem);
  const der = new Uint8Array(certificate.raw);
  return {
    fingerprint: fingerprintOf(der),
    subject: certificate.subject.split('\n').join(', '),
    issuer: certificate.issuer.split('\n').join(', '),
    serial: certificate.serialNumber.toUpperCase(),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    der,
  };
}
