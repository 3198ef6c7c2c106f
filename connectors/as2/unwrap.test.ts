import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import type { As2EncryptAlg, As2SignAlg } from './algorithms.ts';
import { As2Error } from './as2-error.ts';
import { certificateInfo } from './certificate-info.ts';
import type { As2KeyPair } from './keys.ts';
import { unwrapAs2 } from './unwrap.ts';

/** `openssl cms` cipher options. */
const CIPHER: Record<As2EncryptAlg, string> = {
  'aes128-cbc': '-aes-128-cbc',
  'aes192-cbc': '-aes-192-cbc',
  'aes256-cbc': '-aes-256-cbc',
  'aes128-gcm': '-aes-128-gcm',
  'aes192-gcm': '-aes-192-gcm',
  'aes256-gcm': '-aes-256-gcm',
  des3: '-des3',
};

type Pair = As2KeyPair & { keyPath: string; certPath: string };
let peer: OpensslPeer;
let ours: Pair;
let partner: Pair;
let stranger: Pair;
let file = 0;

/** X12 as a partner sends it: segments on lines, CRLF. */
const x12 = Buffer.from(
  `ISA*00*          *00*          *ZZ*PARTNER        *ZZ*US             *260101*1200*U*00401*000000001*0*P*>~\r\n${'PO1*1*10*EA*9.99**VP*ABC~\r\n'.repeat(200)}IEA*1*000000001~\r\n`,
);
/** The innermost MIME entity as OpenAS2/pyas2-lib lay it out. */
const entity = Buffer.concat([
  Buffer.from(
    'Content-Type: application/edi-x12\r\nContent-Disposition: attachment; filename="order.edi"\r\nContent-Transfer-Encoding: binary\r\n\r\n',
  ),
  x12,
]);

beforeAll(async () => {
  peer = await opensslPeer();
  [ours, partner, stranger] = await Promise.all([
    peer.keyPair('ours'),
    peer.keyPair('partner'),
    peer.keyPair('stranger'),
  ]);
});
afterAll(() => peer.close());

const keys = (micAlg: As2SignAlg = 'sha256') => ({
  decryptWith: [ours],
  verifyWith: [partner.certificatePem],
  micAlg,
});

/** Splits what `openssl cms` writes as S/MIME into the HTTP Content-Type and body. */
function asHttp(mime: Buffer): { contentType: string; body: Buffer; entity: Buffer } {
  const end = mime.indexOf('\r\n\r\n');
  const contentType = /^Content-Type: (.*)$/im.exec(mime.subarray(0, end).toString())![1]!;
  return { contentType, body: mime.subarray(end + 4), entity: mime };
}

/** openssl cms -sign, S/MIME multipart/signed output, the content as given (-binary), CRLF throughout. */
async function sign(content: Buffer, md: As2SignAlg, signer: Pair = partner) {
  const input = await peer.write(`in-${file++}`, content);
  return asHttp(
    await peer.openssl([
      'cms',
      '-sign',
      '-binary',
      '-crlfeol',
      '-md',
      md,
      '-in',
      input,
      '-signer',
      signer.certPath,
      '-inkey',
      signer.keyPath,
    ]),
  );
}

/** openssl cms -encrypt, DER body, the AS2 Content-Type. */
async function encrypt(content: Buffer, alg: As2EncryptAlg, recipient: Pair = ours) {
  const input = await peer.write(`in-${file++}`, content);
  const body = await peer.openssl([
    'cms',
    '-encrypt',
    '-binary',
    '-outform',
    'DER',
    '-in',
    input,
    CIPHER[alg],
    recipient.certPath,
  ]);
  const type = alg.endsWith('gcm') ? 'authEnveloped-data' : 'enveloped-data';
  return { contentType: `application/pkcs7-mime; smime-type=${type}; name="smime.p7m"`, body };
}

/** asn1crypto CompressedData as an entity. */
async function compress(content: Buffer) {
  const body = await peer.compress(content);
  const contentType = 'application/pkcs7-mime; smime-type=compressed-data; name="smime.p7z"';
  const headers = `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: binary\r\nContent-Disposition: attachment; filename="smime.p7z"\r\n\r\n`;
  return { contentType, body, entity: Buffer.concat([Buffer.from(headers), body]) };
}

const fingerprint = (pair: As2KeyPair) => certificateInfo(pair.certificatePem).fingerprint;

function failureOf(run: () => unknown): As2Error {
  try {
    run();
  } catch (error) {
    if (error instanceof As2Error) return error;
    throw error;
  }
  throw new Error('did not fail');
}

describe('unwrapAs2 on requests an OpenSSL peer makes', () => {
  const matrix: [As2EncryptAlg, As2SignAlg][] = [
    ['aes128-cbc', 'sha1'],
    ['aes192-cbc', 'sha256'],
    ['aes256-cbc', 'sha384'],
    ['aes128-gcm', 'sha512'],
    ['aes192-gcm', 'sha256'],
    ['aes256-gcm', 'sha256'],
    ['des3', 'sha1'],
  ];
  for (const [enc, md] of matrix)
    it(`signed (${md}) then encrypted (${enc})`, async () => {
      const signed = await sign(entity, md);
      const request = await encrypt(signed.entity, enc);
      const result = unwrapAs2(request, keys(md));
      expect(Buffer.from(result.payload).equals(x12)).toBe(true);
      expect(result).toMatchObject({
        payloadContentType: 'application/edi-x12',
        filename: 'order.edi',
        encrypted: true,
        signed: true,
        compressed: false,
        encryption: enc,
        signature: md,
        signerFingerprint: fingerprint(partner),
        decryptedWith: fingerprint(ours),
      });
      // RFC 4130 §7.3.1: over the signed part as it was signed, here the entity openssl signed byte for byte
      expect(result.mic).toEqual({ digest: await peer.digest(md, entity), alg: md });
    });

  it('takes the MIC algorithm the MDN asks for, not the signature’s', async () => {
    const request = await encrypt((await sign(entity, 'sha1')).entity, 'aes128-cbc');
    const result = unwrapAs2(request, keys('sha512'));
    expect(result.signature).toBe('sha1');
    expect(result.mic).toEqual({ digest: await peer.digest('sha512', entity), alg: 'sha512' });
  });

  it('signed only', async () => {
    const request = await sign(entity, 'sha384');
    const result = unwrapAs2(request, keys('sha384'));
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
    expect(result).toMatchObject({ encrypted: false, signed: true, signature: 'sha384' });
    expect(result.mic.digest).toBe(await peer.digest('sha384', entity));
  });

  it('encrypted only: the MIC is over the decrypted entity', async () => {
    const result = unwrapAs2(await encrypt(entity, 'aes256-cbc'), keys());
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
    expect(result).toMatchObject({ encrypted: true, signed: false });
    expect(result.mic.digest).toBe(await peer.digest('sha256', entity));
  });

  it('X12 encrypted with no MIME headers at all (some peers do): the whole content is the payload', async () => {
    const result = unwrapAs2(await encrypt(x12, 'aes128-cbc'), keys());
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
    expect(result.payloadContentType).toBe('text/plain');
  });

  it('neither: the MIC is over the Content-Type header and the body', async () => {
    const result = unwrapAs2({ contentType: 'application/EDI-X12', body: x12 }, keys());
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
    expect(result).toMatchObject({
      payloadContentType: 'application/edi-x12',
      encrypted: false,
      signed: false,
    });
    expect(result.mic.digest).toBe(
      await peer.digest(
        'sha256',
        Buffer.concat([Buffer.from('Content-Type: application/EDI-X12\r\n\r\n'), x12]),
      ),
    );
  });

  it('a base64 body, as some peers send it with Content-Transfer-Encoding: base64', async () => {
    const request = await encrypt((await sign(entity, 'sha256')).entity, 'aes128-cbc');
    const result = unwrapAs2(
      { ...request, body: Buffer.from(request.body.toString('base64')), contentTransferEncoding: 'base64' },
      keys(),
    );
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
  });

  it('compressed, then signed, then encrypted (RFC 5402): the MIC is over the compressed entity that was signed', async () => {
    const compressed = await compress(entity);
    const request = await encrypt((await sign(compressed.entity, 'sha256')).entity, 'aes128-gcm');
    const result = unwrapAs2(request, keys());
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
    expect(result).toMatchObject({ compressed: true, signed: true, encrypted: true, filename: 'order.edi' });
    expect(result.mic.digest).toBe(await peer.digest('sha256', compressed.entity));
  });

  it('signed, then compressed, then encrypted: the MIC is over the entity that was signed', async () => {
    const compressed = await compress((await sign(entity, 'sha256')).entity);
    const request = await encrypt(compressed.entity, 'aes256-cbc');
    const result = unwrapAs2(request, keys());
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
    expect(result).toMatchObject({ compressed: true, signed: true, encrypted: true });
    expect(result.mic.digest).toBe(await peer.digest('sha256', entity));
  });

  it('a peer that signed the canonical (CRLF) form but sent bare LFs: verified, MIC over the canonical form', async () => {
    const lfEntity = Buffer.from(entity.toString().replaceAll('\r\n', '\n'));
    const input = await peer.write('lf', lfEntity);
    // without -binary openssl signs the content converted to CRLF
    const signature = await peer.openssl([
      'cms',
      '-sign',
      '-outform',
      'DER',
      '-md',
      'sha256',
      '-in',
      input,
      '-signer',
      partner.certPath,
      '-inkey',
      partner.keyPath,
    ]);
    const body = Buffer.concat([
      Buffer.from('--b1\n'),
      lfEntity,
      Buffer.from(
        `\n--b1\nContent-Type: application/pkcs7-signature; name=smime.p7s\nContent-Transfer-Encoding: base64\n\n${signature.toString('base64')}\n--b1--\n`,
      ),
    ]);
    const result = unwrapAs2(
      {
        contentType: 'multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=b1',
        body,
      },
      keys(),
    );
    expect(result.signed).toBe(true);
    expect(result.mic.digest).toBe(await peer.digest('sha256', entity));
    // the payload is the canonical form that was signed
    expect(Buffer.from(result.payload).equals(x12)).toBe(true);
  });
});

describe('unwrapAs2 faults', () => {
  it('decryption-failed when encrypted for someone else', async () => {
    const request = await encrypt((await sign(entity, 'sha256')).entity, 'aes128-cbc', stranger);
    expect(failureOf(() => unwrapAs2(request, keys())).failure).toBe('decryption-failed');
  });

  it('authentication-failed when signed by another key than the partner’s, or when no partner certificate is given', async () => {
    const request = await encrypt((await sign(entity, 'sha256', stranger)).entity, 'aes128-cbc');
    expect(failureOf(() => unwrapAs2(request, keys())).failure).toBe('authentication-failed');
    const signed = await sign(entity, 'sha256');
    expect(failureOf(() => unwrapAs2(signed, { ...keys(), verifyWith: [] })).failure).toBe(
      'authentication-failed',
    );
  });

  it('integrity-check-failed when a byte of the signed content changed in transit', async () => {
    // a flipped byte in the payload: the signature over the signed attributes still holds, the message digest not
    const signed = await sign(entity, 'sha256');
    const body = Buffer.from(signed.body);
    const at = body.indexOf('PO1*1*10');
    body[at + 5]! ^= 0x01;
    expect(failureOf(() => unwrapAs2({ ...signed, body }, keys())).failure).toBe('integrity-check-failed');
  });

  it('decompression-failed on corrupt compressed data', async () => {
    const compressed = await compress(entity);
    const body = Buffer.from(compressed.body);
    body[body.length - 20]! ^= 0xff;
    expect(failureOf(() => unwrapAs2({ contentType: compressed.contentType, body }, keys())).failure).toBe(
      'decompression-failed',
    );
  });

  it('an expired partner certificate still verifies: dates are the key store’s business', async () => {
    const expired = await peer.keyPair('expired', { days: -5 });
    const signed = await sign(entity, 'sha256', expired);
    expect(unwrapAs2(signed, { ...keys(), verifyWith: [expired.certificatePem] }).signerFingerprint).toBe(
      fingerprint(expired),
    );
  });

  it('a 1 MB signed and encrypted message', async () => {
    const big = Buffer.concat([entity.subarray(0, entity.indexOf('\r\n\r\n') + 4), randomBytes(1024 * 1024)]);
    const request = await encrypt((await sign(big, 'sha256')).entity, 'aes256-cbc');
    const started = performance.now();
    const result = unwrapAs2(request, keys());
    const ms = performance.now() - started;
    expect(result.payload.byteLength).toBe(1024 * 1024);
    expect(result.mic.digest).toBe(await peer.digest('sha256', big));
    console.log(`unwrap of a 1 MB signed+encrypted message: ${ms.toFixed(1)} ms`);
  });
});
