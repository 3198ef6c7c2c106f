import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import { As2Error } from './as2-error.ts';
import { compressCms, decompressCms } from './cms-compress.ts';

let peer: OpensslPeer;
beforeAll(async () => {
  peer = await opensslPeer();
});
afterAll(() => peer.close());

describe('CMS compressed data', () => {
  const content = Buffer.concat([
    Buffer.from('Content-Type: application/edi-x12\r\n\r\n'),
    Buffer.alloc(20_000, 'ISA*00*~'),
    randomBytes(100),
  ]);

  it('decompresses what asn1crypto compresses', async () => {
    const der = await peer.compress(content);
    expect(der.length).toBeLessThan(content.length / 4);
    expect(decompressCms(der).equals(content)).toBe(true);
  });

  it('compresses what asn1crypto decompresses, and openssl reads as compressed data', async () => {
    const der = compressCms(content);
    expect((await peer.decompress(der)).equals(content)).toBe(true);
    const printed = (
      await peer.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', await peer.write('z', der)])
    ).toString();
    expect(printed).toContain('id-smime-ct-compressedData');
    expect(printed).toContain('zlib compression');
  });

  it('decompression-failed on corrupt zlib, other content and an inflation past the limit', async () => {
    const der = await peer.compress(content);
    const corrupt = Buffer.from(der);
    corrupt[corrupt.length - 30]! ^= 0xff;
    for (const [input, limit] of [
      [corrupt, undefined],
      [Buffer.from('not der'), undefined],
      [der, 1000],
    ] as const) {
      const error = (() => {
        try {
          decompressCms(input, limit);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(As2Error);
      expect((error as As2Error).failure).toBe('decompression-failed');
    }
  });
});
