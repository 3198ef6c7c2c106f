import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import { certificateInfo } from './certificate-info.ts';
import { keyMatchesCertificate } from './keys.ts';

let peer: OpensslPeer;
beforeAll(async () => {
  peer = await opensslPeer();
});
afterAll(() => peer.close());

describe('certificateInfo', () => {
  it('agrees with openssl x509 on fingerprint, names, serial and dates', async () => {
    const pair = await peer.keyPair('info', { days: 30 });
    const info = certificateInfo(pair.certificatePem);
    const fingerprint = (
      await peer.openssl(['x509', '-in', pair.certPath, '-noout', '-fingerprint', '-sha256'])
    )
      .toString()
      .trim();
    expect(fingerprint).toBe(`sha256 Fingerprint=${info.fingerprint.toUpperCase().match(/../g)!.join(':')}`);
    const serial = (await peer.openssl(['x509', '-in', pair.certPath, '-noout', '-serial']))
      .toString()
      .trim();
    expect(serial).toBe(`serial=${info.serial}`);
    expect(info.subject).toBe('CN=info, O=ordergate AS2 reference peer');
    expect(info.issuer).toBe(info.subject);
    expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(30 * 86_400_000);
    const der = await peer.openssl(['x509', '-in', pair.certPath, '-outform', 'DER']);
    expect(Buffer.from(info.der).equals(der)).toBe(true);
  });

  it('reads an expired certificate (dates are the key store’s business)', async () => {
    const pair = await peer.keyPair('expired', { days: -10 });
    const info = certificateInfo(pair.certificatePem);
    expect(info.notAfter.getTime()).toBeLessThan(Date.now());
    expect(info.subject).toBe('CN=expired, O=ordergate AS2 reference peer');
  });

  it('tells a key pair from two halves of different pairs', async () => {
    const a = await peer.keyPair('a');
    const b = await peer.keyPair('b');
    expect(keyMatchesCertificate(a)).toBe(true);
    expect(keyMatchesCertificate({ privateKeyPem: a.privateKeyPem, certificatePem: b.certificatePem })).toBe(
      false,
    );
  });
});
