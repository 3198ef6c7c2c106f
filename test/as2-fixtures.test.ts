/**
 * Captured AS2 messages from other products (test/fixtures/as2, sources and licences in its README): signed MDNs
 * as ph-OpenAS2 sent them in production, read by the reference peer (openssl verifying the signatures at the
 * time they were made), so that the peer is known to read what real products write, not only what it writes;
 * and read by the gateway's own MDN reader (connectors/as2/mdn.ts), which must agree with openssl on them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMdn } from '../connectors/as2/mdn.ts';
import { checkMdn } from './support/as2-peer/mdn-check.ts';
import { parseEntity } from './support/as2-peer/mime.ts';
import { OpenSsl } from './support/as2-peer/openssl.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/as2/${name}`, import.meta.url));

/** A captured HTTP message (headers, empty line, body) as the peer's MDN check takes it. */
function captured(name: string): { headers: Record<string, string>; body: Buffer } {
  const { headers, body } = parseEntity(fixture(name));
  return { headers: Object.fromEntries(headers), body };
}

let openssl: OpenSsl;
beforeAll(async () => {
  openssl = await OpenSsl.create();
});
afterAll(() => openssl?.close());

const MDNS = [
  {
    file: 'ph-openas2-4.4.4-mdn-processed.http',
    signer: 'ph-openas2-4.4.4-mdn-signer.pem',
    status: 'processed',
    error: undefined,
    originalMessageId:
      '<mftas2_07102019213832125_ctm_mft_ctm_mft_dedc08b2181a4553a0996dc5eb258615_mfttest_0>',
    mic: { value: 'WX3WE/vT631XugOIxrcgSd1YPVo=', digest: 'sha1' },
  },
  {
    // Disposition written `processed/Error:unexpected-processing-error` (capital E, no space), a folded
    // Content-Type in the signed part, a 7 kB error text
    file: 'ph-openas2-4.2.1-mdn-error.http',
    signer: 'ph-openas2-4.2.1-mdn-signer.pem',
    status: 'processed/Error:unexpected-processing-error',
    error: 'unexpected-processing-error',
    originalMessageId: '<54a4867b-77ff-4edd-9fdb-a1e8e5b63860@1569357558959>',
    mic: { value: 'rjNsE2kpJPol7lf4jVDSkxbqT40=', digest: 'sha1' },
  },
];

describe('captured MDNs of other AS2 products', () => {
  it.each(MDNS)('$file: signature, disposition and MIC', async (expected) => {
    const mdn = captured(expected.file);
    const check = await checkMdn(openssl, mdn, {
      gatewayCertPem: fixture(expected.signer).toString(),
      expectedMic: expected.mic.value,
      micAlg: 'sha1',
      at: new Date(mdn.headers.date!),
    });
    expect(check.signatureError).toBeUndefined();
    expect(check).toMatchObject({
      signed: true,
      signatureValid: true,
      status: expected.status,
      error: expected.error,
      originalMessageId: expected.originalMessageId,
      receivedContentMic: expected.mic,
      micMatches: true,
    });
  });

  it('one changed byte in a captured MDN breaks its signature', async () => {
    const mdn = captured(MDNS[0]!.file);
    const body = Buffer.from(mdn.body.toString('latin1').replace('; processed', '; Processed'), 'latin1');
    const check = await checkMdn(
      openssl,
      { headers: mdn.headers, body },
      { gatewayCertPem: fixture(MDNS[0]!.signer).toString(), at: new Date(mdn.headers.date!) },
    );
    expect(check).toMatchObject({ signed: true, signatureValid: false });
  });
});

describe("the gateway's MDN reader on the captured MDNs", () => {
  it.each(MDNS)(
    '$file: verified with its signer, disposition, failure and MIC as openssl read them',
    (expected) => {
      const mdn = captured(expected.file);
      const read = readMdn({ contentType: mdn.headers['content-type']!, body: mdn.body }, [
        fixture(expected.signer).toString(),
      ]);
      expect(read).toMatchObject({
        signed: true,
        originalMessageId: expected.originalMessageId,
        processed: expected.error === undefined,
        mic: { digest: expected.mic.value, alg: 'sha1' },
      });
      expect(read.signerFingerprint).toBeDefined();
      expect(read.failure).toBe(expected.error);
    },
  );

  it('refuses a captured MDN with one changed byte, and one checked against another certificate', () => {
    const mdn = captured(MDNS[0]!.file);
    const body = Buffer.from(mdn.body.toString('latin1').replace('; processed', '; Processed'), 'latin1');
    expect(() =>
      readMdn({ contentType: mdn.headers['content-type']!, body }, [fixture(MDNS[0]!.signer).toString()]),
    ).toThrow(/does not verify/);
    expect(() =>
      readMdn({ contentType: mdn.headers['content-type']!, body: mdn.body }, [
        fixture(MDNS[1]!.signer).toString(),
      ]),
    ).toThrow(/does not verify/);
  });
});
