import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As2Peer, createPeer } from './support/as2-peer/peer.ts';
import { type As2Receiver, startReceiver } from './support/as2-peer/receiver.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

/**
 * The console's AS2 test send (a partner's AS2 page): a short message signed with our key pair and encrypted to
 * the partner's certificate goes to the reference peer (openssl), and the page tells what its MDN said:
 * confirmed when the peer processed it and returned our MIC, not confirmed with the reason when it answers
 * with an error.
 */
describe('console AS2 test send', () => {
  let t: TestGateway;
  let peer: As2Peer;
  let receiver: As2Receiver;
  let admin: ConsoleClient;
  const api = (path: string, body: unknown) =>
    t.call(path, {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    t = await startTestGateway(gatewayModes()[0]!, { ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1' });
    peer = await createPeer('PEERCO');
    const generated = await api('/v1/as2/keys', { generate: { name: 'ordergate test' } });
    expect(generated.status).toBe(201);
    const ours = ((await generated.json()) as { certificate: { certificatePem: string } }).certificate;
    receiver = await startReceiver(peer, { senderCertPem: ours.certificatePem });
    await t.createPartner({
      id: 'peer-co',
      name: 'Peer Co',
      identifiers: [{ type: 'as2', value: 'PEERCO' }],
      settings: {
        delivery: { transport: 'as2', config: { url: receiver.url, as2From: 'ORDERGATE', as2To: 'PEERCO' } },
      },
    });
    const added = await api('/v1/partners/peer-co/as2/certificates', {
      name: 'Peer Co 2026',
      certificatePem: peer.identity.certPem,
      usage: 'both',
    });
    expect(added.status).toBe(201);
    admin = await signInAs(t, 'admin');
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await peer?.close();
    await t?.close();
  });

  it('confirms a test message the peer processed, with the MIC we computed', async () => {
    const page = await admin.post('/admin/partners/peer-co/as2/test');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(
      /Confirmed: automatic-action\/MDN-sent-automatically; processed \(&lt;ordergate-test-/,
    );
    const got = receiver.received.at(-1)!;
    expect(got.unwrapped?.encrypted && got.unwrapped.signed).toBe(true);
    expect(got.unwrapped?.payload.toString('latin1')).toMatch(/^ordergate AS2 test message test-/);
  });

  it('says why a test message was not confirmed: a negative MDN', async () => {
    receiver.faults.negative = true;
    try {
      const html = await (await admin.post('/admin/partners/peer-co/as2/test')).text();
      expect(html).toMatch(/Not confirmed: .*decryption-failed/);
      expect(html).toContain('[as2.mdn_negative]');
    } finally {
      receiver.faults.negative = false;
    }
  });
});
