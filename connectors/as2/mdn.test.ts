import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpensslPeer, opensslPeer } from '../../test/support/as2-peer/openssl-peer.ts';
import { As2Error } from './as2-error.ts';
import { certificateInfo } from './certificate-info.ts';
import type { As2KeyPair } from './keys.ts';
import { buildMdn, type MdnContent, readMdn } from './mdn.ts';

type Pair = As2KeyPair & { keyPath: string; certPath: string };
let peer: OpensslPeer;
let ours: Pair;
let partner: Pair;
let stranger: Pair;

beforeAll(async () => {
  peer = await opensslPeer();
  [ours, partner, stranger] = await Promise.all([
    peer.keyPair('ours'),
    peer.keyPair('partner'),
    peer.keyPair('stranger'),
  ]);
});
afterAll(() => peer.close());

const content: MdnContent = {
  reportingUa: 'ordergate',
  originalRecipient: 'US',
  finalRecipient: 'US',
  originalMessageId: '<abc-123@partner.example>',
  disposition: { type: 'processed' },
  mic: { digest: 'q+Tz6C3G0yNnVfj/2mGfQ+5RzJkOG/cR7yGfcGzMS5E=', alg: 'sha256' },
  text: 'The message was received and processed.',
};

function failureOf(run: () => unknown): As2Error {
  try {
    run();
  } catch (error) {
    if (error instanceof As2Error) return error;
    throw error;
  }
  throw new Error('did not fail');
}

/** A partner's MDN made the harness way: the report written out, signed by `openssl cms -sign` (S/MIME, CRLF). */
async function partnerMdn(disposition: string, signer: Pair = partner) {
  const report = [
    'Content-Type: multipart/report; report-type=disposition-notification; boundary="rb"',
    '',
    '--rb',
    'Content-Type: text/plain',
    '',
    'MDN for Message-ID: <ours-1@ordergate>',
    '--rb',
    'Content-Type: message/disposition-notification',
    '',
    'Reporting-UA: OpenSSL harness',
    'Original-Recipient: rfc822; PARTNER',
    'Final-Recipient: rfc822; PARTNER',
    'Original-Message-ID: <ours-1@ordergate>',
    `Disposition: ${disposition}`,
    'Received-Content-MIC: 7v7F5rDLoLEX0AYcR3PCkOuDDkIsCm7s1aYJdXcfO6Y=,',
    ' sha-256',
    '',
    '--rb--',
    '',
  ].join('\r\n');
  const input = await peer.write('report', report);
  const mime = await peer.openssl([
    'cms',
    '-sign',
    '-binary',
    '-crlfeol',
    '-md',
    'sha256',
    '-in',
    input,
    '-signer',
    signer.certPath,
    '-inkey',
    signer.keyPath,
  ]);
  const end = mime.indexOf('\r\n\r\n');
  return {
    contentType: /^Content-Type: (.*)$/im.exec(mime.subarray(0, end).toString())![1]!,
    body: mime.subarray(end + 4),
  };
}

describe('buildMdn', () => {
  it('signs an MDN openssl cms -verify accepts, with the disposition and MIC in it', async () => {
    const mdn = buildMdn(content, { key: ours, alg: 'sha256' });
    expect(mdn.contentType).toMatch(
      /^multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-256; boundary=/,
    );
    const input = await peer.write(
      'mdn',
      Buffer.concat([Buffer.from(`Content-Type: ${mdn.contentType}\r\n\r\n`), mdn.body]),
    );
    const report = (
      await peer.openssl(['cms', '-verify', '-in', input, '-CAfile', ours.certPath, '-purpose', 'any'])
    ).toString();
    expect(report).toMatch(
      /^Content-Type: multipart\/report; report-type=disposition-notification; boundary=/,
    );
    expect(report).toContain('\r\nDisposition: automatic-action/MDN-sent-automatically; processed\r\n');
    expect(report).toContain(`\r\nReceived-Content-MIC: ${content.mic!.digest}, sha-256\r\n`);
    expect(report).toContain('\r\nOriginal-Message-ID: <abc-123@partner.example>\r\n');
    expect(report).toContain('\r\nOriginal-Recipient: rfc822; US\r\n');
  });

  it('reports a failure as processed/error, and reads back what it builds', () => {
    const mdn = buildMdn({ ...content, disposition: { type: 'processed', failure: 'decryption-failed' } });
    expect(mdn.contentType).toMatch(/^multipart\/report; report-type=disposition-notification/);
    expect(readMdn(mdn, undefined)).toEqual({
      signed: false,
      originalMessageId: '<abc-123@partner.example>',
      disposition: 'automatic-action/MDN-sent-automatically; processed/error: decryption-failed',
      processed: false,
      failure: 'decryption-failed',
      mic: { digest: content.mic!.digest, alg: 'sha256' },
      text: content.text,
    });
    const signed = buildMdn(content, { key: ours, alg: 'sha1' });
    expect(readMdn(signed, [ours.certificatePem])).toMatchObject({
      signed: true,
      signerFingerprint: certificateInfo(ours.certificatePem).fingerprint,
      processed: true,
    });
  });

  it('keeps a header injection out of the fields', () => {
    const mdn = buildMdn({
      ...content,
      originalMessageId: '<x>\r\nDisposition: automatic-action/MDN-sent-automatically; processed',
      disposition: { type: 'processed', failure: 'authentication-failed' },
    });
    const read = readMdn(mdn, undefined);
    expect(read.originalMessageId).toBe(
      '<x> Disposition: automatic-action/MDN-sent-automatically; processed',
    );
    expect(read.processed).toBe(false);
  });
});

describe('readMdn on MDNs signed by openssl cms -sign', () => {
  it('reads a positive MDN with its MIC (folded) and the signer', async () => {
    const mdn = await partnerMdn('automatic-action/MDN-sent-automatically; processed');
    expect(readMdn(mdn, [stranger.certificatePem, partner.certificatePem])).toEqual({
      signed: true,
      signerFingerprint: certificateInfo(partner.certificatePem).fingerprint,
      originalMessageId: '<ours-1@ordergate>',
      disposition: 'automatic-action/MDN-sent-automatically; processed',
      processed: true,
      mic: { digest: '7v7F5rDLoLEX0AYcR3PCkOuDDkIsCm7s1aYJdXcfO6Y=', alg: 'sha256' },
      text: 'MDN for Message-ID: <ours-1@ordergate>',
    });
  });

  it('reads a signature part sent binary with no Content-Transfer-Encoding (as Sterling B2Bi does)', async () => {
    const report = buildMdn(content);
    const signedEntity = Buffer.concat([
      Buffer.from(`Content-Type: ${report.contentType}\r\n\r\n`),
      report.body,
    ]);
    const input = await peer.write('sterling', signedEntity);
    const signature = await peer.openssl([
      'cms',
      '-sign',
      '-binary',
      '-outform',
      'DER',
      '-md',
      'sha1',
      '-in',
      input,
      '-signer',
      partner.certPath,
      '-inkey',
      partner.keyPath,
    ]);
    const body = Buffer.concat([
      Buffer.from('--s1\r\n'),
      signedEntity,
      Buffer.from('\r\n--s1\r\nContent-Type: Application/pkcs7-signature;name=EDIINTSIG.p7s\r\n\r\n'),
      signature,
      Buffer.from('\r\n--s1--\r\n'),
    ]);
    const read = readMdn(
      {
        contentType: 'multipart/signed;protocol="application/pkcs7-signature";micalg=sha1;boundary="s1"',
        body,
      },
      [partner.certificatePem],
    );
    expect(read).toMatchObject({
      signed: true,
      processed: true,
      originalMessageId: content.originalMessageId,
    });
  });

  it('reads negative dispositions and a warning', async () => {
    const error = readMdn(
      await partnerMdn('automatic-action/MDN-sent-automatically; processed/Error: integrity-check-failed'),
      [partner.certificatePem],
    );
    expect(error).toMatchObject({ processed: false, failure: 'integrity-check-failed' });
    const failed = readMdn(
      await partnerMdn('automatic-action/MDN-sent-automatically; failed/Failure: unsupported format'),
      [partner.certificatePem],
    );
    expect(failed).toMatchObject({ processed: false, failure: 'unsupported format' });
    const warning = readMdn(
      await partnerMdn('automatic-action/MDN-sent-automatically; processed/warning: duplicate-document'),
      [partner.certificatePem],
    );
    expect(warning.processed).toBe(true);
    expect(warning.failure).toBeUndefined();
  });

  it('authentication-failed: tampered, signed by someone else, or unsigned when a signature is required', async () => {
    const mdn = await partnerMdn('automatic-action/MDN-sent-automatically; processed');
    const tampered = Buffer.from(mdn.body);
    const at = tampered.indexOf('7v7F5r');
    tampered[at]! = 'X'.charCodeAt(0);
    expect(failureOf(() => readMdn({ ...mdn, body: tampered }, [partner.certificatePem])).failure).toBe(
      'authentication-failed',
    );
    const foreign = await partnerMdn('automatic-action/MDN-sent-automatically; processed', stranger);
    expect(failureOf(() => readMdn(foreign, [partner.certificatePem])).failure).toBe('authentication-failed');
    const unsigned = buildMdn(content);
    expect(failureOf(() => readMdn(unsigned, [partner.certificatePem])).failure).toBe(
      'authentication-failed',
    );
    // without certificates to verify with, the tampered MDN is read: the caller asked for no check
    expect(readMdn({ ...mdn, body: tampered }, undefined).mic?.digest).toMatch(/^X/);
  });
});
