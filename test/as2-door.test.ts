import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

/**
 * The AS2 doors' refusals before any MDN can be made: without the AS2 headers, from an AS2 name no partner
 * has, to an AS2 name that is not ours for the partner, or on another partner's URL, the answer is an HTTP error
 * with the JSON error body (no partner to sign an MDN for); an MDN for nothing we sent is refused. The MDN
 * answers themselves are proven against openssl in as2-interop.test.ts.
 */
describe('AS2 door refusals', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway(gatewayModes()[0]!);
    await gw.createPartner({
      id: 'peer-co',
      name: 'Peer Co',
      identifiers: [{ type: 'as2', value: 'PEERCO' }],
      settings: { as2: { ourId: 'ORDERGATE' } },
    });
    await gw.createPartner({
      id: 'other-co',
      name: 'Other Co',
      identifiers: [{ type: 'as2', value: 'OTHERCO' }],
    });
  }, 60_000);
  afterAll(async () => gw?.close());

  const as2 = (path: string, headers: Record<string, string>) =>
    gw.call(path, { method: 'POST', body: 'not really CMS', headers });
  const headers = (over: Record<string, string> = {}) => ({
    'as2-from': 'PEERCO',
    'as2-to': 'ORDERGATE',
    'message-id': '<refusal-1@peerco>',
    'content-type': 'application/pkcs7-mime; smime-type=enveloped-data',
    ...over,
  });
  const error = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string } }).error;

  it('names each missing AS2 header (400)', async () => {
    const res = await as2('/as2', { 'content-type': 'application/octet-stream', 'as2-to': 'ORDERGATE' });
    expect(res.status).toBe(400);
    const body = await error(res);
    expect(body.code).toBe('as2.headers_missing');
    expect(body.message).toContain('as2-from');
    expect(body.message).toContain('message-id');
    expect(body.message).not.toContain('as2-to');
  });

  it('refuses an AS2-From no partner has (403), on the shared door and on a partner URL', async () => {
    for (const path of ['/as2', '/as2/peer-co']) {
      const res = await as2(path, headers({ 'as2-from': 'STRANGER' }));
      expect(res.status).toBe(403);
      expect((await error(res)).code).toBe('as2.unknown_partner');
    }
  });

  it("refuses a partner posting to another partner's URL (403)", async () => {
    const res = await as2('/as2/other-co', headers());
    expect(res.status).toBe(403);
    expect((await error(res)).code).toBe('as2.unknown_partner');
  });

  it("refuses an AS2-To that is not our name in the partner's settings (403)", async () => {
    const res = await as2('/as2', headers({ 'as2-to': 'SOMEONE-ELSE' }));
    expect(res.status).toBe(403);
    expect((await error(res)).code).toBe('as2.wrong_recipient');
  });

  it('refuses an MDN that answers nothing we sent (404)', async () => {
    const mdn = [
      '--b',
      'Content-Type: text/plain',
      '',
      'hello',
      '--b',
      'Content-Type: message/disposition-notification',
      '',
      'Original-Message-ID: <never-sent@ordergate>',
      'Disposition: automatic-action/MDN-sent-automatically; processed',
      '',
      '--b--',
      '',
    ].join('\r\n');
    const res = await gw.call('/as2/mdn', {
      method: 'POST',
      body: mdn,
      headers: headers({
        'message-id': '<mdn-1@peerco>',
        'content-type': 'multipart/report; report-type=disposition-notification; boundary="b"',
      }),
    });
    expect(res.status).toBe(404);
    expect((await error(res)).code).toBe('as2.mdn_unmatched');
  });

  it('needs no bearer token, and a partner without AS2 settings takes any AS2-To', async () => {
    // other-co has no `as2` settings: its message gets past the recipient check to an MDN (CMS that is no CMS)
    const res = await as2(
      '/as2',
      headers({ 'as2-from': 'OTHERCO', 'as2-to': 'ANY NAME', 'disposition-notification-to': 'x' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/report/);
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toMatch(
      /processed\/error: unexpected-processing-error/,
    );
  });
});
