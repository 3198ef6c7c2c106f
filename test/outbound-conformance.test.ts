import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateInfo } from '../connectors/as2/certificate-info.ts';
import { signatureFor } from '../connectors/http-post/index.ts';
import { OUTBOUND_CONNECTORS } from '../connectors/index.ts';
import type { DeliveryContext, OutboundConnector, TransportCredentials } from '../src/core/connector.ts';
import { createPeer } from './support/as2-peer/peer.ts';
import { startReceiver } from './support/as2-peer/receiver.ts';
import { samplePayload, sendFailure, testContext } from './support/delivery-payload.ts';
import { closeMailServers, MAIL_PASS, MAIL_USER, mailServer } from './support/mail-server.ts';
import { tempDir } from './support/services.ts';
import { freePort, sshdRuns, startSshd } from './support/sshd.ts';

/**
 * One suite every outbound connector runs against a real peer of its kind (as drizzle runs one integration
 * suite against every driver): the bytes arrive exactly, a resend under one idempotency key leaves the peer one
 * document, an unreachable peer is retryable, a refusal is permanent and never shows the credential, and a
 * network transport refuses a private address unless the process allows it. A connector added to
 * OUTBOUND_CONNECTORS without a peer here fails the first test.
 */

/** Every byte value after an X12 prefix, so an encoding slip (7bit, charset, line endings) shows. */
const BYTES = new Uint8Array([
  ...new TextEncoder().encode('ISA*00*~GS*PR~ST*855*0001~\r\n'),
  ...Array.from({ length: 256 }, (_, i) => i),
]);

/** A running peer of one connector, and the configurations the suite sends with. */
interface Peer {
  /** Delivers to this peer. */
  config: unknown;
  /** The context sends run in (the folder peer's outbox; loopback allowed). */
  context: DeliveryContext;
  /** The documents the peer holds, by the identity a receiver of its kind drops repeats on. */
  held(): Promise<Map<string, Uint8Array>>;
  /** A peer that cannot be reached now; absent where nothing is on the other end (a folder). */
  unreachable?: unknown;
  /** A credential the peer refuses, and that credential; absent where there is none. */
  refused?: { config: unknown; secret: string };
  /** What a transport that signs and encrypts sends with (AS2): our key pair and the peer's certificate. */
  credentials?: TransportCredentials;
  stop(): Promise<void>;
}

const SECRET = 'conformance-hmac-secret-8d2f';

/** A partner's HTTP endpoint: checks the signature, keeps the first body per Idempotency-Key. */
async function httpPeer(): Promise<Peer> {
  const held = new Map<string, Uint8Array>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signed = signatureFor(SECRET, String(req.headers['x-ordergate-timestamp']), body);
      if (req.headers['x-ordergate-signature'] !== signed) return void res.writeHead(401).end();
      const key = String(req.headers['idempotency-key']);
      if (!held.has(key)) held.set(key, new Uint8Array(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/edi`;
  const wrong = 'not-the-partners-secret-0000';
  return {
    config: { url, secret: SECRET, timeoutMs: 5_000 },
    context: testContext(),
    held: async () => held,
    unreachable: { url: `http://127.0.0.1:${await freePort()}/edi`, secret: SECRET, timeoutMs: 5_000 },
    refused: { config: { url, secret: wrong, timeoutMs: 5_000 }, secret: wrong },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Files named `<documentType>-<idempotencyKey>.edi` in `dir`, by idempotency key. */
function filesByKey(dir: string): Map<string, Uint8Array> {
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.edi'))
      .map((name) => [
        name.replace(/^[^-]+-/, '').replace(/\.edi$/, ''),
        new Uint8Array(readFileSync(path.join(dir, name))),
      ]),
  );
}

/** The outbox folder a partner collects from. */
async function folderPeer(): Promise<Peer> {
  const folder = tempDir('ordergate-conformance-out-');
  return {
    config: { dir: '.' },
    context: testContext({ outboxDir: folder.dir }),
    held: async () => filesByKey(folder.dir),
    stop: async () => folder.remove(),
  };
}

/** A real OpenSSH server taking our key. */
async function sftpPeer(): Promise<Peer> {
  const sshd = await startSshd();
  const config = (over: object = {}) => ({
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.clientKey,
    remoteDir: sshd.outbox,
    hostKeySha256: sshd.hostFingerprint,
    timeoutMs: 10_000,
    ...over,
  });
  return {
    config: config(),
    context: testContext(),
    held: async () => filesByKey(sshd.outbox),
    unreachable: config({ port: await freePort() }),
    refused: { config: config({ privateKey: sshd.strangerKey }), secret: sshd.strangerKey },
    stop: () => sshd.stop(),
  };
}

/** A real SMTP server: a mailbox drops a repeat by its Message-ID; the document is the attachment. */
async function smtpPeer(): Promise<Peer> {
  const { port, inbox } = await mailServer();
  const config = (over: object = {}) => ({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: MAIL_USER, pass: MAIL_PASS },
    from: 'edi@supplier.example',
    to: 'orders@harborpine.example',
    timeoutMs: 5_000,
    ...over,
  });
  const wrong = 'not-the-mailbox-password';
  return {
    config: config(),
    context: testContext(),
    async held() {
      const held = new Map<string, Uint8Array>();
      for (const mail of inbox) {
        const parsed = await simpleParser(mail.raw);
        const id = parsed.messageId ?? '';
        if (!held.has(id)) held.set(id, new Uint8Array(parsed.attachments[0]?.content ?? []));
      }
      return held;
    },
    unreachable: config({ port: await freePort() }),
    refused: { config: config({ auth: { user: MAIL_USER, pass: wrong } }), secret: wrong },
    stop: closeMailServers,
  };
}

/**
 * An AS2 partner built on openssl (test/support/as2-peer): it decrypts and verifies what it receives with
 * `openssl cms` and answers with a signed MDN; it keeps one document per Message-ID, as AS2 receivers drop
 * resends. A message it cannot verify is answered with a negative MDN, which the transport resends: AS2 has no
 * credential a peer refuses for good, so this peer has no `refused`.
 */
async function as2Peer(): Promise<Peer> {
  const partner = await createPeer('CONFPEER');
  const ours = await createPeer('ORDERGATE');
  const receiver = await startReceiver(partner, { senderCertPem: ours.identity.certPem });
  const fingerprint = (pem: string) => certificateInfo(pem).fingerprint;
  const config = {
    url: receiver.url,
    as2From: 'ORDERGATE',
    as2To: 'CONFPEER',
    sign: 'sha256',
    encrypt: 'aes256-cbc',
    mdn: 'sync',
    timeoutMs: 30_000,
  };
  const closed = await freePort();
  return {
    config,
    context: testContext(),
    credentials: {
      own: {
        signing: {
          privateKeyPem: ours.identity.keyPem,
          certificatePem: ours.identity.certPem,
          fingerprint: fingerprint(ours.identity.certPem),
        },
        decrypting: [],
      },
      partner: {
        signing: [
          { certificatePem: partner.identity.certPem, fingerprint: fingerprint(partner.identity.certPem) },
        ],
        encryption: {
          certificatePem: partner.identity.certPem,
          fingerprint: fingerprint(partner.identity.certPem),
        },
      },
    },
    async held() {
      const held = new Map<string, Uint8Array>();
      for (const message of receiver.received)
        if (message.unwrapped && !held.has(message.messageId))
          held.set(message.messageId, new Uint8Array(message.unwrapped.payload));
      return held;
    },
    unreachable: { ...config, url: `http://127.0.0.1:${closed}/as2` },
    async stop() {
      await receiver.close();
      await partner.close();
      await ours.close();
    },
  };
}

/**
 * Each connector's peer; `network`: it reaches its peer over the network, so it can find the peer unreachable,
 * be refused a credential (unless `refuses: false`), and must refuse private addresses.
 */
const PEERS: Record<string, { network: boolean; refuses?: false; start(): Promise<Peer> }> = {
  'http-post': { network: true, start: httpPeer },
  'folder-out': { network: false, start: folderPeer },
  sftp: { network: true, start: sftpPeer },
  smtp: { network: true, start: smtpPeer },
  as2: { network: true, refuses: false, start: as2Peer },
};

it('has a peer for every registered outbound connector', () => {
  expect(Object.keys(PEERS).sort()).toEqual(OUTBOUND_CONNECTORS.map((c) => c.id).sort());
});

describe.each(OUTBOUND_CONNECTORS.map((c) => ({ id: c.id, connector: c as OutboundConnector<unknown> })))(
  'outbound connector $id',
  ({ id, connector }) => {
    // sftp needs Debian's sshd; CI installs it and sets ORDERGATE_REQUIRE_SERVICES, so there it never skips
    const unavailable = id === 'sftp' && !sshdRuns();
    const network = PEERS[id]?.network ?? false;
    const refuses = PEERS[id]?.refuses ?? network;
    let peer: Peer;
    const parsed = (config: unknown) => connector.configSchema.parse(config);
    const send = (key: string, config = peer.config, context = peer.context) =>
      connector.send(
        samplePayload(BYTES, { idempotencyKey: key }),
        parsed(config),
        context,
        peer.credentials,
      );

    beforeAll(async () => {
      if (!unavailable) peer = await PEERS[id]!.start();
    }, 30_000);
    afterAll(async () => peer?.stop());

    describe.skipIf(unavailable)('against a real peer', () => {
      it('rejects configurations that are not one, with issues', () => {
        for (const garbage of [null, 'x', 42, {}, { ...(peer.config as object), surprise: true }]) {
          const result = connector.configSchema.safeParse(garbage);
          expect(result.success, `accepted ${JSON.stringify(garbage)}`).toBe(false);
          expect(result.error?.issues.length).toBeGreaterThan(0);
        }
      });

      it('delivers every byte exactly, and the peer reads the document back', async () => {
        const receipt = await send('conf-bytes');
        expect(receipt.deliveredAt).toBeInstanceOf(Date);
        const held = [...(await peer.held()).entries()].filter(([key]) => key.includes('conf-bytes'));
        expect(held.map(([, bytes]) => Buffer.from(bytes).equals(Buffer.from(BYTES)))).toEqual([true]);
      });

      it('leaves the peer one document per idempotency key however often it is sent', async () => {
        await send('conf-twice');
        await send('conf-twice');
        await send('conf-other');
        const keys = [...(await peer.held()).keys()];
        expect(keys.filter((key) => key.includes('conf-twice'))).toHaveLength(1);
        expect(keys.filter((key) => key.includes('conf-other'))).toHaveLength(1);
      });

      it.runIf(network)('calls an unreachable peer retryable', async () => {
        const error = await sendFailure(send('conf-unreachable', peer.unreachable));
        expect(error.kind).toBe('retryable');
        expect(error.code.startsWith(`${id}.`)).toBe(true);
      });

      it.runIf(network && refuses)(
        'calls a refused credential permanent, and never shows the credential',
        async () => {
          const error = await sendFailure(send('conf-refused', peer.refused!.config));
          expect(error.kind).toBe('permanent');
          const firstLine = peer
            .refused!.secret.split('\n')
            .find((line) => line.length > 20 && !line.startsWith('-'));
          expect(JSON.stringify(error)).not.toContain(firstLine ?? peer.refused!.secret);
        },
      );

      it.runIf(network)('refuses a private address unless the process allows it', async () => {
        const error = await sendFailure(
          send('conf-private', peer.config, testContext({ allowPrivateAddresses: false })),
        );
        expect(error).toMatchObject({ kind: 'permanent', code: 'delivery.private_address' });
        expect([...(await peer.held()).keys()].filter((key) => key.includes('conf-private'))).toEqual([]);
      });
    });
  },
);
