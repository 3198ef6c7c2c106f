/**
 * The AS2 reference peer proving itself before it judges the gateway (issue 18): its client (openssl + curl)
 * posting to its own receiver (openssl) for every encryption algorithm and every digest, compressed before and
 * after signing and not at all, synchronous and asynchronous MDNs, with the MIC checked on both sides; and its
 * fault switches doing what they say. No gateway code is involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostAs2Options, postAs2 } from './support/as2-peer/client.ts';
import { checkMdn } from './support/as2-peer/mdn-check.ts';
import {
  CIPHERS,
  type CipherName,
  DIGESTS,
  type DigestName,
  micAlgOf,
  run,
} from './support/as2-peer/openssl.ts';
import { type As2Peer, createPeer } from './support/as2-peer/peer.ts';
import { type As2Receiver, startReceiver } from './support/as2-peer/receiver.ts';

/** A small X12 850 with CRLF and a byte above 127, so that any canonicalization or 7-bit damage shows. */
const X12 = [
  'ISA*00*          *00*          *ZZ*PEERA          *ZZ*PEERB          *261204*2110*U*00401*000000001*0*T*>~',
  'GS*PO*PEERA*PEERB*20261204*2110*1*X*004010~',
  'ST*850*0001~',
  'BEG*00*SA*PO-4711**20261204~',
  'PO1*1*10*EA*9.95**VP*CAF\xc9-1~',
  'CTT*1~',
  'SE*5*0001~',
  'GE*1*1~',
  'IEA*1*000000001~',
  '',
].join('\r\n');
const PAYLOAD = Buffer.from(X12, 'latin1');

let sender: As2Peer;
let partner: As2Peer;
let receiver: As2Receiver;

beforeAll(async () => {
  [sender, partner] = await Promise.all([createPeer('PEER-A'), createPeer('Peer B Trading')]);
  receiver = await startReceiver(partner, { senderCertPem: sender.identity.certPem });
});

afterAll(async () => {
  await receiver?.close();
  await Promise.all([sender?.close(), partner?.close()]);
});

function message(overrides: Partial<PostAs2Options> = {}): PostAs2Options {
  return {
    url: receiver.url,
    as2From: sender.name,
    as2To: partner.name,
    payload: PAYLOAD,
    filename: 'po-4711.x12',
    contentType: 'application/edi-x12',
    sign: 'sha256',
    encrypt: 'aes256',
    recipientCertPem: partner.identity.certPem,
    mdn: 'sync',
    mdnSigned: true,
    ...overrides,
  };
}

/** Resets the receiver's fault switches after a test that set them. */
function healthy() {
  Object.assign(receiver.faults, {
    down: 0,
    wrongMic: false,
    negative: false,
    unsigned: false,
    lostAsyncMdns: 0,
  });
}

/** Sends, then checks both sides: the receiver's record (payload, layers, MIC) and the MDN (signature, MIC). */
async function roundTrip(options: PostAs2Options) {
  const sent = await postAs2(sender, options);
  expect(sent.status).toBe(200);
  const received = await receiver.waitFor((m) => m.messageId === sent.messageId);
  expect(received.error, received.errorDetail).toBeUndefined();
  expect(received.unwrapped!.payload.equals(PAYLOAD)).toBe(true);
  expect(received.unwrapped!.filename).toBe('po-4711.x12');
  expect(received.as2From).toBe(sender.name);
  expect(received.as2To).toBe(partner.name);
  expect(received.mic).toEqual({ value: sent.expectedMic, digest: sent.micAlg });
  const mdnResponse =
    options.mdn === 'async'
      ? await receiver.waitForMdn((mdn) => mdn.body.includes(sent.messageId))
      : { headers: sent.headers, body: sent.body };
  const mdn = await checkMdn(sender.openssl, mdnResponse, {
    gatewayCertPem: partner.identity.certPem,
    expectedMic: sent.expectedMic,
    micAlg: sent.micAlg,
  });
  expect(mdn.signatureError).toBeUndefined();
  expect(mdn).toMatchObject({ signed: true, signatureValid: true, status: 'processed', micMatches: true });
  expect(mdn.originalMessageId).toBe(sent.messageId);
  return { sent, received, mdn };
}

describe('the reference peer against itself', () => {
  // every cipher with every digest; compression and MDN mode rotate so each cipher and digest meets each
  const matrix = CIPHERS.flatMap((cipher, c) =>
    DIGESTS.map((digest, d) => ({
      cipher,
      digest,
      compress: ([undefined, 'before-sign', 'after-sign'] as const)[(c + d) % 3],
      mdn: (c + d) % 2 === 0 ? ('sync' as const) : ('async' as const),
    })),
  );
  it.each(matrix)(
    '$cipher, $digest, compressed $compress, $mdn MDN',
    async ({ cipher, digest, compress, mdn }) => {
      const { received } = await roundTrip(
        message({
          encrypt: cipher as CipherName,
          sign: digest as DigestName,
          micAlgs: [micAlgOf(digest as DigestName)],
          mdn,
          ...(mdn === 'async' ? { asyncUrl: receiver.mdnUrl } : {}),
          ...(compress ? { compress } : {}),
        }),
      );
      expect(received.unwrapped).toMatchObject({
        encrypted: true,
        cipher,
        signed: true,
        compressed: compress,
      });
      expect(received.unwrapped!.signatureMicAlg).toBe(micAlgOf(digest as DigestName));
    },
  );

  it('takes the MIC digest from signed-receipt-micalg, not from the signature', async () => {
    const { sent, mdn } = await roundTrip(message({ sign: 'sha1', micAlgs: ['sha-512', 'sha-256'] }));
    expect(sent.micAlg).toBe('sha512');
    expect(mdn.receivedContentMic?.digest).toBe('sha512');
  });

  it('signed only, encrypted only and neither: the MIC over what RFC 4130 §7.3.1 names', async () => {
    const signedOnly = await roundTrip(message({ encrypt: undefined }));
    expect(signedOnly.received.unwrapped).toMatchObject({ encrypted: false, signed: true });
    const encryptedOnly = await roundTrip(message({ sign: undefined }));
    expect(encryptedOnly.received.unwrapped).toMatchObject({ encrypted: true, signed: false });
    const plain = await roundTrip(message({ sign: undefined, encrypt: undefined }));
    // neither signed nor encrypted: the MIC covers the body alone, which is the payload
    expect(plain.sent.expectedMic).toBe(await sender.openssl.digest(PAYLOAD, 'sha256'));
  });

  it("OpenSSL's own S/MIME parser reads the peer's multipart/signed message and MDN", async () => {
    const sent = await postAs2(sender, message({ encrypt: undefined }));
    const asSmime = (headers: Record<string, string>, body: Buffer) =>
      Buffer.concat([
        Buffer.from(`Content-Type: ${headers['Content-Type'] ?? headers['content-type']}\r\n\r\n`),
        body,
      ]);
    const verify = async (bytes: Buffer, signer: As2Peer) =>
      run('openssl', [
        'cms',
        '-verify',
        // OpenSSL's S/MIME reader gives a part's lines back with CRLF only in text mode; the payload is CRLF
        '-inform',
        'SMIME',
        '-in',
        await sender.openssl.file(bytes, 'smime.eml'),
        '-CAfile',
        signer.identity.certPath,
        '-purpose',
        'any',
      ]);
    const content = await verify(asSmime(sent.request.headers, sent.request.body), sender);
    expect(content.includes(PAYLOAD)).toBe(true);
    const report = await verify(asSmime(sent.headers, sent.body), partner);
    expect(report.toString()).toContain(`Original-Message-ID: ${sent.messageId}`);
  });

  it('quotes AS2 names with spaces and sends the RFC 4130 headers', async () => {
    const { sent, received } = await roundTrip(message({ mdn: 'async', asyncUrl: receiver.mdnUrl }));
    expect(sent.request.headers['AS2-To']).toBe('"Peer B Trading"');
    expect(received.headers).toMatchObject({
      'as2-version': '1.2',
      'as2-from': 'PEER-A',
      'as2-to': '"Peer B Trading"',
      'disposition-notification-to': receiver.mdnUrl,
      'receipt-delivery-option': receiver.mdnUrl,
      'disposition-notification-options':
        'signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256',
    });
    expect(received.headers['content-type']).toBe(
      'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m',
    );
    expect(sent.messageId).toMatch(/^<[^<>]+@reference-peer>$/);
  });

  it('an unsigned MDN when none was asked for, and no MDN when none was asked for at all', async () => {
    const unsignedMdn = await postAs2(sender, message({ mdnSigned: false }));
    const check = await checkMdn(sender.openssl, unsignedMdn, {
      gatewayCertPem: partner.identity.certPem,
      expectedMic: unsignedMdn.expectedMic,
    });
    expect(check).toMatchObject({ signed: false, status: 'processed', micMatches: true });
    const none = await postAs2(sender, message({ mdn: 'none' }));
    expect(none.status).toBe(200);
    expect(none.body.length).toBe(0);
    expect((await receiver.waitFor((m) => m.messageId === none.messageId)).mdn).toBe('none');
  });
});

describe('the peer judges what is wrong', () => {
  it('a signature by an unknown key: authentication-failed, in a signed MDN', async () => {
    const stranger = await createPeer('STRANGER');
    try {
      const sent = await postAs2(sender, message({ signer: stranger.identity }));
      const mdn = await checkMdn(sender.openssl, sent, { gatewayCertPem: partner.identity.certPem });
      expect(mdn).toMatchObject({ signatureValid: true, error: 'authentication-failed' });
    } finally {
      await stranger.close();
    }
  });

  it('an expired signing certificate: authentication-failed', async () => {
    const expired = await sender.openssl.identity('PEER-A', {
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const previous = receiver.senderCertPem;
    receiver.senderCertPem = expired.certPem;
    try {
      const sent = await postAs2(sender, message({ signer: expired }));
      const received = await receiver.waitFor((m) => m.messageId === sent.messageId);
      expect(received.errorDetail).toMatch(/expired/);
      expect((await checkMdn(sender.openssl, sent, { gatewayCertPem: partner.identity.certPem })).error).toBe(
        'authentication-failed',
      );
    } finally {
      receiver.senderCertPem = previous;
    }
  });

  it('a tampered signed body: integrity-check-failed', async () => {
    const sent = await postAs2(
      sender,
      message({
        encrypt: undefined,
        tamper: (body) => Buffer.from(body.toString('latin1').replace('PO-4711', 'PO-4712'), 'latin1'),
      }),
    );
    const mdn = await checkMdn(sender.openssl, sent, { gatewayCertPem: partner.identity.certPem });
    expect(mdn.error).toBe('integrity-check-failed');
  });

  it('signed content changed before encryption: integrity-check-failed', async () => {
    const sent = await postAs2(
      sender,
      message({
        tamperSigned: (entity) =>
          Buffer.from(entity.toString('latin1').replace('PO-4711', 'PO-4712'), 'latin1'),
      }),
    );
    const mdn = await checkMdn(sender.openssl, sent, { gatewayCertPem: partner.identity.certPem });
    expect(mdn.error).toBe('integrity-check-failed');
  });

  it('a message encrypted for another key: decryption-failed', async () => {
    const sent = await postAs2(sender, message({ recipientCertPem: sender.identity.certPem }));
    const mdn = await checkMdn(sender.openssl, sent, { gatewayCertPem: partner.identity.certPem });
    expect(mdn.error).toBe('decryption-failed');
  });

  it('an MDN signed by someone else does not verify against the expected certificate', async () => {
    const sent = await postAs2(sender, message());
    const mdn = await checkMdn(sender.openssl, sent, {
      gatewayCertPem: sender.identity.certPem,
      expectedMic: sent.expectedMic,
    });
    expect(mdn).toMatchObject({ signed: true, signatureValid: false, micMatches: true });
    expect(mdn.signatureError).toMatch(/verif/i);
  });

  it('fault switches: wrong MIC, negative, unsigned, lost async MDN, down', async () => {
    try {
      receiver.faults.wrongMic = true;
      const wrongMic = await postAs2(sender, message());
      const wrong = await checkMdn(sender.openssl, wrongMic, {
        gatewayCertPem: partner.identity.certPem,
        expectedMic: wrongMic.expectedMic,
        micAlg: wrongMic.micAlg,
      });
      expect(wrong).toMatchObject({ signatureValid: true, status: 'processed', micMatches: false });
      healthy();

      receiver.faults.negative = true;
      const negative = await postAs2(sender, message());
      expect(
        (await checkMdn(sender.openssl, negative, { gatewayCertPem: partner.identity.certPem })).status,
      ).toBe('processed/error: decryption-failed');
      healthy();

      receiver.faults.unsigned = true;
      const unsigned = await postAs2(sender, message());
      expect(
        (await checkMdn(sender.openssl, unsigned, { gatewayCertPem: partner.identity.certPem })).signed,
      ).toBe(false);
      healthy();

      receiver.faults.lostAsyncMdns = 1;
      const lost = await postAs2(sender, message({ mdn: 'async', asyncUrl: receiver.mdnUrl }));
      expect((await receiver.waitFor((m) => m.messageId === lost.messageId)).asyncMdn).toEqual({
        lost: true,
      });
      expect(receiver.mdns.some((mdn) => mdn.body.includes(lost.messageId))).toBe(false);

      Object.assign(receiver.faults, { down: 1, downMode: 'unavailable' });
      expect((await postAs2(sender, message())).status).toBe(503);
      Object.assign(receiver.faults, { down: 1, downMode: 'reset' });
      await expect(postAs2(sender, message())).rejects.toThrow(/curl/);
      const refusedBefore = receiver.refused;
      await roundTrip(message());
      expect(receiver.refused).toBe(refusedBefore);
    } finally {
      healthy();
    }
  });
});
