import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import { AS2_ENCRYPT_ALGS, type As2EncryptAlg } from './algorithms.ts';
import { As2Error } from './as2-error.ts';
import { certificateInfo } from './certificate-info.ts';
import { decryptCms, encryptCms } from './cms-envelope.ts';
import type { As2KeyPair } from './keys.ts';

/** `openssl cms` cipher options for each algorithm. */
const OPENSSL_CIPHER: Record<As2EncryptAlg, string> = {
  'aes128-cbc': '-aes-128-cbc',
  'aes192-cbc': '-aes-192-cbc',
  'aes256-cbc': '-aes-256-cbc',
  'aes128-gcm': '-aes-128-gcm',
  'aes192-gcm': '-aes-192-gcm',
  'aes256-gcm': '-aes-256-gcm',
  des3: '-des3',
};

let peer: OpensslPeer;
let ours: As2KeyPair & { keyPath: string; certPath: string };
let other: As2KeyPair & { keyPath: string; certPath: string };
beforeAll(async () => {
  peer = await opensslPeer();
  ours = await peer.keyPair('ours');
  other = await peer.keyPair('other');
});
afterAll(() => peer.close());

async function opensslEncrypt(
  content: Uint8Array,
  alg: As2EncryptAlg,
  extra: string[] = [],
): Promise<Buffer> {
  const input = await peer.write('plain', content);
  // -keyopt applies to the -recip before it
  const recipient = extra.length > 0 ? ['-recip', ours.certPath, ...extra] : [ours.certPath];
  const cipher = OPENSSL_CIPHER[alg];
  return peer.openssl(['cms', '-encrypt', '-binary', '-outform', 'DER', '-in', input, cipher, ...recipient]);
}

describe('decryptCms, on what openssl cms -encrypt makes', () => {
  const content = Buffer.concat([
    Buffer.from('Content-Type: application/edi-x12\r\n\r\nISA*00*'),
    randomBytes(3000),
  ]);

  for (const alg of AS2_ENCRYPT_ALGS)
    it(`decrypts ${alg}`, async () => {
      const der = await opensslEncrypt(content, alg);
      const decrypted = decryptCms(der, [other, ours]);
      expect(decrypted.content.equals(content)).toBe(true);
      expect(decrypted.alg).toBe(alg);
      expect(decrypted.decryptedWith).toBe(certificateInfo(ours.certificatePem).fingerprint);
    });

  it('decrypts a streamed (BER, constructed OCTET STRING) message', async () => {
    const der = await opensslEncrypt(content, 'aes256-cbc', ['-stream']);
    expect(der[1]).toBe(0x80); // indefinite length: this is the BER the test means
    expect(decryptCms(der, [ours]).content.equals(content)).toBe(true);
  });

  it('finds our key when the recipient is named by subject key identifier (-keyid)', async () => {
    const der = await opensslEncrypt(content, 'aes128-cbc', ['-keyid']);
    expect(decryptCms(der, [other, ours]).decryptedWith).toBe(
      certificateInfo(ours.certificatePem).fingerprint,
    );
  });

  it('decrypts RSAES-OAEP key transport, SHA-1 and SHA-256', async () => {
    for (const md of ['sha1', 'sha256']) {
      const der = await opensslEncrypt(content, 'aes128-cbc', [
        '-keyopt',
        'rsa_padding_mode:oaep',
        '-keyopt',
        `rsa_oaep_md:${md}`,
      ]);
      expect(decryptCms(der, [ours]).content.equals(content)).toBe(true);
    }
  });

  it('tries every key when the recipient names none of ours (same key, newer certificate)', async () => {
    const renewed = (
      await peer.openssl([
        'req',
        '-new',
        '-x509',
        '-key',
        ours.keyPath,
        '-subj',
        '/CN=renewed',
        '-days',
        '30',
      ])
    ).toString();
    const der = await opensslEncrypt(content, 'aes128-gcm');
    const decrypted = decryptCms(der, [{ privateKeyPem: ours.privateKeyPem, certificatePem: renewed }]);
    expect(decrypted.content.equals(content)).toBe(true);
  });

  it('fails with decryption-failed, one wording, for a wrong key, a flipped ciphertext byte and a flipped GCM tag', async () => {
    const cbc = await opensslEncrypt(content, 'aes256-cbc');
    const gcm = await opensslEncrypt(content, 'aes256-gcm');
    const failures: As2Error[] = [];
    const attempt = (der: Buffer, keys: As2KeyPair[]) => {
      try {
        decryptCms(der, keys);
      } catch (error) {
        failures.push(error as As2Error);
        return;
      }
      throw new Error('decrypted');
    };
    attempt(cbc, [other]);
    attempt(gcm, [other]);
    const flippedLast = Buffer.from(cbc);
    flippedLast[flippedLast.length - 1]! ^= 0x01; // the last ciphertext block: the padding no longer checks
    attempt(flippedLast, [ours]);
    const flippedTag = Buffer.from(gcm);
    flippedTag[flippedTag.length - 1]! ^= 0x01; // the mac is the last field
    attempt(flippedTag, [ours]);
    const flippedContent = Buffer.from(gcm);
    flippedContent[flippedContent.length - 100]! ^= 0x01;
    attempt(flippedContent, [ours]);
    expect(failures).toHaveLength(5);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(As2Error);
      expect(failure.failure).toBe('decryption-failed');
      expect(failure.message).toBe(failures[0]!.message);
    }
  });

  it('refuses what is not encrypted data', async () => {
    const input = await peer.write('plain', content);
    const signed = await peer.openssl([
      'cms',
      '-sign',
      '-binary',
      '-outform',
      'DER',
      '-in',
      input,
      '-signer',
      ours.certPath,
      '-inkey',
      ours.keyPath,
    ]);
    expect(() => decryptCms(signed, [ours])).toThrow(/not encrypted data/);
  });
});

describe('encryptCms, decrypted by openssl cms -decrypt', () => {
  const content = Buffer.concat([
    Buffer.from('Content-Type: application/edi-x12\r\n\r\n'),
    randomBytes(5000),
  ]);
  for (const alg of AS2_ENCRYPT_ALGS)
    it(`encrypts ${alg}`, async () => {
      const der = encryptCms(content, ours.certificatePem, alg);
      const input = await peer.write(`enc-${alg}`, der);
      const plain = await peer.openssl([
        'cms',
        '-decrypt',
        '-binary',
        '-inform',
        'DER',
        '-in',
        input,
        '-inkey',
        ours.keyPath,
        '-recip',
        ours.certPath,
      ]);
      expect(plain.equals(content)).toBe(true);
      const printed = (
        await peer.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', input])
      ).toString();
      expect(printed).toContain(alg.endsWith('gcm') ? 'authEnvelopedData' : 'pkcs7-envelopedData');
    });
});
