import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import { AS2_ENCRYPT_ALGS, AS2_SIGN_ALGS, type As2SignAlg } from './algorithms.ts';
import type { As2KeyPair } from './keys.ts';
import { unwrapAs2 } from './unwrap.ts';
import { wrapAs2 } from './wrap.ts';

type Pair = As2KeyPair & { keyPath: string; certPath: string };
let peer: OpensslPeer;
let ours: Pair;
let partner: Pair;
let file = 0;
const x12 = Buffer.from(`ISA*00*~${'PO1*1*10*EA*9.99~\r\n'.repeat(100)}IEA*1*1~\r\n`);

beforeAll(async () => {
  peer = await opensslPeer();
  [ours, partner] = await Promise.all([peer.keyPair('ours'), peer.keyPair('partner')]);
});
afterAll(() => peer.close());

/** The body of an entity (after the first empty line), and its header block. */
function split(entity: Buffer): { head: string; body: Buffer } {
  const end = entity.indexOf('\r\n\r\n');
  return { head: entity.subarray(0, end).toString(), body: entity.subarray(end + 4) };
}

/** The partner's side with openssl: decrypt, the MIME entity that comes out. */
async function opensslDecrypt(body: Uint8Array): Promise<Buffer> {
  const input = await peer.write(`enc-${file++}`, body);
  return peer.openssl([
    'cms',
    '-decrypt',
    '-binary',
    '-inform',
    'DER',
    '-in',
    input,
    '-inkey',
    partner.keyPath,
    '-recip',
    partner.certPath,
  ]);
}

/**
 * openssl cms -verify of a multipart/signed entity (S/MIME): the signed content. Not `-binary`: OpenSSL's S/MIME
 * reader in binary mode keeps the CR of the CRLF that precedes a boundary, which RFC 2046 gives to the
 * delimiter; in text mode it reads the part as RFC 2046 says (our content is CRLF already, so nothing changes).
 */
async function opensslVerify(signedEntity: Buffer): Promise<Buffer> {
  const input = await peer.write(`sig-${file++}`, signedEntity);
  return peer.openssl(['cms', '-verify', '-in', input, '-CAfile', ours.certPath, '-purpose', 'any']);
}

describe('wrapAs2, taken apart by openssl cms', () => {
  for (const [index, enc] of AS2_ENCRYPT_ALGS.entries()) {
    const md: As2SignAlg = AS2_SIGN_ALGS[index % AS2_SIGN_ALGS.length]!;
    it(`signed (${md}) and encrypted (${enc})`, async () => {
      const wrapped = wrapAs2(
        { bytes: x12, contentType: 'application/edi-x12', filename: 'po 1.edi' },
        {
          sign: { key: ours, alg: md },
          encrypt: { certificatePem: partner.certificatePem, alg: enc },
          micAlg: md,
        },
      );
      expect(wrapped.contentType).toBe(
        `application/pkcs7-mime; smime-type=${enc.endsWith('gcm') ? 'authEnveloped-data' : 'enveloped-data'}; name="smime.p7m"`,
      );
      const signedEntity = await opensslDecrypt(wrapped.body);
      expect(split(signedEntity).head).toMatch(
        /^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-/,
      );
      const signedPart = await opensslVerify(signedEntity);
      const inner = split(signedPart);
      expect(inner.head).toBe(
        'Content-Type: application/edi-x12\r\nContent-Transfer-Encoding: binary\r\nContent-Disposition: attachment; filename="po 1.edi"',
      );
      expect(inner.body.equals(x12)).toBe(true);
      expect(wrapped.mic).toEqual({ digest: await peer.digest(md, signedPart), alg: md });
    });
  }

  it('compressed before signing, then encrypted: asn1crypto inflates what openssl verified', async () => {
    const wrapped = wrapAs2(
      { bytes: x12, contentType: 'application/edi-x12' },
      {
        compress: true,
        sign: { key: ours, alg: 'sha256' },
        encrypt: { certificatePem: partner.certificatePem, alg: 'aes256-gcm' },
        micAlg: 'sha256',
      },
    );
    const signedPart = await opensslVerify(await opensslDecrypt(wrapped.body));
    const compressed = split(signedPart);
    expect(compressed.head).toContain('smime-type=compressed-data');
    const inner = split(await peer.decompress(compressed.body));
    expect(inner.body.equals(x12)).toBe(true);
    expect(wrapped.mic.digest).toBe(await peer.digest('sha256', signedPart));
  });

  it('signed only: openssl verifies the multipart/signed body under the returned Content-Type', async () => {
    const wrapped = wrapAs2(
      { bytes: x12, contentType: 'application/edi-x12' },
      { sign: { key: ours, alg: 'sha512' }, micAlg: 'sha256' },
    );
    const entity = Buffer.concat([Buffer.from(`Content-Type: ${wrapped.contentType}\r\n\r\n`), wrapped.body]);
    const signedPart = await opensslVerify(entity);
    expect(split(signedPart).body.equals(x12)).toBe(true);
    expect(wrapped.mic).toEqual({ digest: await peer.digest('sha256', signedPart), alg: 'sha256' });
  });

  it('encrypted only: the MIC is over the entity openssl decrypts', async () => {
    const wrapped = wrapAs2(
      { bytes: x12, contentType: 'application/edi-x12' },
      { encrypt: { certificatePem: partner.certificatePem, alg: 'des3' }, micAlg: 'sha1' },
    );
    const entity = await opensslDecrypt(wrapped.body);
    expect(split(entity).body.equals(x12)).toBe(true);
    expect(wrapped.mic.digest).toBe(await peer.digest('sha1', entity));
  });

  it('our own unwrap reads every combination with the same MIC', () => {
    const bytes = randomBytes(5000);
    for (const compress of [false, true])
      for (const sign of [undefined, { key: ours, alg: 'sha384' as const }])
        for (const encrypt of [
          undefined,
          { certificatePem: partner.certificatePem, alg: 'aes128-gcm' as const },
        ]) {
          const wrapped = wrapAs2(
            { bytes, contentType: 'application/octet-stream' },
            { compress, sign, encrypt, micAlg: 'sha256' },
          );
          const result = unwrapAs2(wrapped, {
            decryptWith: [partner],
            verifyWith: [ours.certificatePem],
            micAlg: 'sha256',
          });
          expect(Buffer.from(result.payload).equals(bytes)).toBe(true);
          expect(result).toMatchObject({
            compressed: compress,
            signed: sign !== undefined,
            encrypted: encrypt !== undefined,
          });
          expect(result.mic).toEqual(wrapped.mic);
        }
  });
});
