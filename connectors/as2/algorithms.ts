/** A signature's (and the MIC's) digest algorithm, as AS2 peers offer them: SHA-1 for old peers, SHA-2 preferred. */
export type As2SignAlg = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** A content-encryption algorithm: AES-CBC (EnvelopedData), AES-GCM (AuthEnvelopedData, RFC 5083/5084), 3DES. */
export type As2EncryptAlg =
  | 'aes128-cbc'
  | 'aes192-cbc'
  | 'aes256-cbc'
  | 'aes128-gcm'
  | 'aes192-gcm'
  | 'aes256-gcm'
  | 'des3';

/** Every digest algorithm, strongest first (the order a MIC algorithm is picked from a partner's list). */
export const AS2_SIGN_ALGS: readonly As2SignAlg[] = ['sha512', 'sha384', 'sha256', 'sha1'];

/** Every content-encryption algorithm. */
export const AS2_ENCRYPT_ALGS: readonly As2EncryptAlg[] = [
  'aes128-cbc',
  'aes192-cbc',
  'aes256-cbc',
  'aes128-gcm',
  'aes192-gcm',
  'aes256-gcm',
  'des3',
];

/**
 * The AS2 spelling in headers (`micalg=`, `Received-Content-MIC`, `signed-receipt-micalg`): `sha-256`. RFC 5751
 * §3.4.3.2 writes `sha-256`; RFC 4130 predates it and peers still send `sha1`, so {@link parseMicAlg} reads both.
 */
export function micAlgName(alg: As2SignAlg): string {
  return alg === 'sha1' ? 'sha-1' : `sha-${alg.slice(3)}`;
}

/**
 * The digest algorithm an AS2 header names (`sha-256`, `sha256`, `SHA1`, `sha-1`; case and surrounding blanks
 * ignored), or undefined for anything else. `md5` is undefined on purpose: it is broken and no longer offered.
 */
export function parseMicAlg(text: string): As2SignAlg | undefined {
  const name = text.trim().toLowerCase().replace('-', '');
  return (AS2_SIGN_ALGS as readonly string[]).includes(name) ? (name as As2SignAlg) : undefined;
}
