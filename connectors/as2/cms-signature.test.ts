import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import { AS2_SIGN_ALGS } from './algorithms.ts';
import { As2Error } from './as2-error.ts';
import { certificateInfo } from './certificate-info.ts';
import { signData, verifySignedData } from './cms-signature.ts';
import type { As2KeyPair } from './keys.ts';

let peer: OpensslPeer;
let partner: As2KeyPair & { keyPath: string; certPath: string };
let stranger: As2KeyPair & { keyPath: string; certPath: string };
const content = Buffer.concat([
  Buffer.from('Content-Type: application/edi-x12\r\n\r\nISA*00*'),
  randomBytes(2000),
]);
let contentPath: string;

beforeAll(async () => {
  peer = await opensslPeer();
  partner = await peer.keyPair('partner');
  stranger = await peer.keyPair('stranger');
  contentPath = await peer.write('content', content);
});
afterAll(() => peer.close());

const opensslSign = (md: string, extra: string[] = []) =>
  peer.openssl([
    'cms',
    '-sign',
    '-binary',
    '-outform',
    'DER',
    '-md',
    md,
    '-in',
    contentPath,
    '-signer',
    partner.certPath,
    '-inkey',
    partner.keyPath,
    ...extra,
  ]);

function failure(run: () => unknown): As2Error {
  try {
    run();
  } catch (error) {
    if (error instanceof As2Error) return error;
    throw error;
  }
  throw new Error('did not fail');
}

describe('verifySignedData, on what openssl cms -sign makes', () => {
  for (const alg of AS2_SIGN_ALGS)
    it(`verifies a detached ${alg} signature`, async () => {
      const verified = verifySignedData(await opensslSign(alg), content, [
        stranger.certificatePem,
        partner.certificatePem,
      ]);
      expect(verified.alg).toBe(alg);
      expect(verified.signerFingerprint).toBe(certificateInfo(partner.certificatePem).fingerprint);
    });

  it('verifies an encapsulated, streamed (BER) signature and returns its content', async () => {
    const der = await opensslSign('sha256', ['-nodetach', '-stream']);
    expect(der[1]).toBe(0x80);
    expect(verifySignedData(der, undefined, [partner.certificatePem]).content.equals(content)).toBe(true);
  });

  it('finds the signer named by subject key identifier (-keyid)', async () => {
    const der = await opensslSign('sha256', ['-keyid']);
    const verified = verifySignedData(der, content, [stranger.certificatePem, partner.certificatePem]);
    expect(verified.signerFingerprint).toBe(certificateInfo(partner.certificatePem).fingerprint);
  });

  it('verifies with a renewed certificate of the same key, which the signer identifier does not name', async () => {
    const renewed = (
      await peer.openssl([
        'req',
        '-new',
        '-x509',
        '-key',
        partner.keyPath,
        '-subj',
        '/CN=renewed',
        '-days',
        '30',
      ])
    ).toString();
    const verified = verifySignedData(await opensslSign('sha256'), content, [
      stranger.certificatePem,
      renewed,
    ]);
    expect(verified.signerFingerprint).toBe(certificateInfo(renewed).fingerprint);
  });

  it('verifies a signature without signed attributes', async () => {
    const der = await opensslSign('sha256', ['-noattr']);
    expect(verifySignedData(der, content, [partner.certificatePem]).alg).toBe('sha256');
    const changed = Buffer.from(content);
    changed[50]! ^= 1;
    // without signed attributes nothing tells a changed content from a wrong signature
    expect(failure(() => verifySignedData(der, changed, [partner.certificatePem])).failure).toBe(
      'authentication-failed',
    );
  });

  it('authentication-failed when the signer is not a certificate we verify with', async () => {
    const error = failure(() => verifySignedData(Buffer.alloc(0), content, []));
    expect(error.failure).toBe('authentication-failed');
    const der = await opensslSign('sha256');
    expect(failure(() => verifySignedData(der, content, [stranger.certificatePem])).failure).toBe(
      'authentication-failed',
    );
  });

  it('authentication-failed when the signature bytes are altered', async () => {
    const der = await opensslSign('sha256');
    der[der.length - 10]! ^= 1; // inside the signature value, the last field
    expect(failure(() => verifySignedData(der, content, [partner.certificatePem])).failure).toBe(
      'authentication-failed',
    );
  });

  it('integrity-check-failed when the content changed after signing', async () => {
    const der = await opensslSign('sha256');
    const changed = Buffer.from(content);
    changed[100]! ^= 1;
    const error = failure(() => verifySignedData(der, changed, [partner.certificatePem]));
    expect(error.failure).toBe('integrity-check-failed');
  });
});

describe('signData, verified by openssl cms -verify', () => {
  for (const alg of AS2_SIGN_ALGS)
    it(`signs detached with ${alg}`, async () => {
      const der = signData(content, partner, alg);
      const signature = await peer.write(`sig-${alg}`, der);
      const verified = await peer.openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        signature,
        '-content',
        contentPath,
        '-CAfile',
        partner.certPath,
        '-purpose',
        'any',
      ]);
      expect(verified.equals(content)).toBe(true);
      const printed = (
        await peer.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', signature])
      ).toString();
      expect(printed).toContain(`algorithm: ${alg === 'sha1' ? 'sha1' : alg}`);
      // and our own verifier reads it back
      expect(verifySignedData(der, content, [partner.certificatePem]).alg).toBe(alg);
    });

  it('encapsulates when asked', async () => {
    const signature = await peer.write(
      'sig-opaque',
      signData(content, partner, 'sha256', { encapsulate: true }),
    );
    const verified = await peer.openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      signature,
      '-CAfile',
      partner.certPath,
      '-purpose',
      'any',
    ]);
    expect(verified.equals(content)).toBe(true);
  });

  it('openssl refuses our signature over changed content', async () => {
    const signature = await peer.write('sig-changed', signData(content, partner, 'sha256'));
    const changed = Buffer.from(content);
    changed[100]! ^= 1;
    const changedPath = await peer.write('changed', changed);
    await expect(
      peer.openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        signature,
        '-content',
        changedPath,
        '-CAfile',
        partner.certPath,
        '-purpose',
        'any',
      ]),
    ).rejects.toThrow(/CMS_SignerInfo_verify_content:verification failure/); // the message digest, not the signature
  });
});
