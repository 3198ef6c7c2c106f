import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';

/** One of our key pairs: the private key (PKCS#8 or PKCS#1 PEM) and its certificate (PEM). */
export interface As2KeyPair {
  privateKeyPem: string;
  certificatePem: string;
}

/** The private key of a pair, parsed once per use. */
export function privateKeyOf(pair: As2KeyPair): KeyObject {
  return createPrivateKey(pair.privateKeyPem);
}

/** Whether the certificate of a pair holds the public half of its private key (a pair that is no pair signs nothing anyone can verify). */
export function keyMatchesCertificate(pair: As2KeyPair): boolean {
  const fromKey = createPublicKey(privateKeyOf(pair)).export({ format: 'der', type: 'spki' });
  const fromCertificate = new X509Certificate(pair.certificatePem).publicKey.export({
    format: 'der',
    type: 'spki',
  });
  return fromKey.equals(fromCertificate);
}
