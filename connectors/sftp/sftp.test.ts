import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryPayload } from '../../src/core/connector.ts';
import { sendFailure as failure, samplePayload, testContext } from '../../test/support/delivery-payload.ts';
import { haveSshd, type RunningSshd, SSHD, sshdRuns, startSshd } from '../../test/support/sshd.ts';
import { hostKeyFingerprint, SftpConfig, type SftpConfigInput, sftpTransport } from './index.ts';

const BODY = new TextEncoder().encode(
  'ISA*00*          *00*          *ZZ*SUPPLIER~GS*PR*SUPPLIER*HARBORPINE~\n',
);

const payload = (over: Partial<DeliveryPayload> = {}) => samplePayload(BODY, over);

// A real OpenSSH server (Debian's openssh-server), started by this file on loopback with throwaway keys.
let server: RunningSshd;
let dir = '';
let outbox = '';
let port = 0;
let clientKey = '';
let strangerKey = '';
let hostFingerprint = '';

/** The test server is on loopback: allowed here, refused by default. */
const LOOPBACK = testContext();
const DEFAULT = testContext({ allowPrivateAddresses: false });

const config = (over: Partial<SftpConfigInput> = {}) =>
  SftpConfig.parse({
    host: '127.0.0.1',
    port,
    username: os.userInfo().username,
    privateKey: clientKey,
    remoteDir: outbox,
    hostKeySha256: hostFingerprint,
    timeoutMs: 10_000,
    ...over,
  });

describe.runIf(sshdRuns())('sftp transport against a real OpenSSH server', () => {
  beforeAll(async () => {
    if (!haveSshd)
      throw new Error(
        `${SSHD} is missing but ORDERGATE_REQUIRE_SERVICES=1: install openssh-server (apt-get install -y openssh-server)`,
      );
    server = await startSshd();
    ({ dir, outbox, port, clientKey, strangerKey, hostFingerprint } = server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('computes the host key fingerprint exactly as ssh-keygen -l prints it', () => {
    const blob = readFileSync(path.join(dir, 'host_ed25519.pub'), 'utf8').split(' ')[1] ?? '';
    expect(hostKeyFingerprint(Buffer.from(blob, 'base64'))).toBe(hostFingerprint);
  });

  it('delivers the exact bytes under <documentType>-<idempotencyKey>.edi and leaves no .part behind', async () => {
    const receipt = await sftpTransport.send(payload(), config(), LOOPBACK);
    const final = path.join(outbox, '855-out-855-7f3a.edi');
    expect(receipt.remoteId).toBe(final);
    expect(receipt.deliveredAt).toBeInstanceOf(Date);
    expect(new Uint8Array(readFileSync(final))).toEqual(BODY);
    expect(readdirSync(outbox)).toEqual(['855-out-855-7f3a.edi']);
  });

  it('is idempotent: sending the same document again leaves the one file as it was', async () => {
    const final = path.join(outbox, '855-out-855-7f3a.edi');
    const before = readFileSync(final);
    const receipt = await sftpTransport.send(payload(), config(), LOOPBACK);
    expect(receipt.remoteId).toBe(final);
    expect(readFileSync(final)).toEqual(before);
    expect(readdirSync(outbox)).toEqual(['855-out-855-7f3a.edi']);
  });

  it('refuses a different document under an idempotency key already delivered (permanent)', async () => {
    const error = await failure(
      sftpTransport.send(payload({ bytes: new Uint8Array(3) }), config(), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'sftp.conflict' });
  });

  it('delivers without a pinned host key too', async () => {
    const receipt = await sftpTransport.send(
      payload({ idempotencyKey: 'out-856-1', documentType: '856', filename: '856-1.edi' }),
      config({ hostKeySha256: undefined }),
      LOOPBACK,
    );
    expect(readFileSync(receipt.remoteId ?? '')).toEqual(Buffer.from(BODY));
  });

  it('classifies a key the server does not know as permanent, without echoing the key', async () => {
    const error = await failure(sftpTransport.send(payload(), config({ privateKey: strangerKey }), LOOPBACK));
    expect(error).toMatchObject({ kind: 'permanent', code: 'sftp.unauthorized' });
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
  });

  it('refuses a server whose host key does not match the pinned fingerprint (permanent)', async () => {
    const other = execFileSync('ssh-keygen', ['-lf', path.join(dir, 'stranger_ed25519.pub')], {
      encoding: 'utf8',
    });
    const error = await failure(
      sftpTransport.send(payload(), config({ hostKeySha256: other.split(' ')[1] }), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'sftp.host_key_mismatch' });
    expect(existsSync(path.join(outbox, '855-000000001.edi.part'))).toBe(false);
  });

  it('classifies a missing remote directory as permanent', async () => {
    const error = await failure(
      sftpTransport.send(payload(), config({ remoteDir: path.join(dir, 'nowhere') }), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'sftp.remote_dir_missing' });
  });

  it('refuses names that would leave the remote directory (permanent)', async () => {
    const error = await failure(
      sftpTransport.send(payload({ idempotencyKey: '../../etc/x' }), config(), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'sftp.bad_name' });
  });

  it('classifies a server that never answers the handshake as retryable (timeout)', async () => {
    const accepted: Socket[] = [];
    const silent = createServer((s) => accepted.push(s)); // accepts TCP, never says a word
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port: silentPort } = silent.address() as AddressInfo;
      const error = await failure(
        sftpTransport.send(payload(), config({ port: silentPort, timeoutMs: 500 }), LOOPBACK),
      );
      expect(error).toMatchObject({ kind: 'retryable', code: 'sftp.timeout' });
    } finally {
      for (const s of accepted) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a server on loopback by default, by address or by name', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const error = await failure(
        sftpTransport.send(payload({ idempotencyKey: 'refused' }), config({ host }), DEFAULT),
      );
      expect(error, host).toMatchObject({ kind: 'permanent', code: 'delivery.private_address' });
      expect(error.message, host).toContain(host);
    }
    expect(readdirSync(outbox).filter((f) => f.includes('refused'))).toEqual([]);
  });

  it('reaches a server by name through the addresses it checked', async () => {
    const receipt = await sftpTransport.send(
      payload({ idempotencyKey: 'by-name' }),
      config({ host: 'localhost' }),
      LOOPBACK,
    );
    expect(readFileSync(receipt.remoteId ?? '')).toEqual(Buffer.from(BODY));
  });

  // Last: it stops the server.
  it('classifies a stopped server as retryable', async () => {
    await server.stop();
    const error = await failure(sftpTransport.send(payload({ idempotencyKey: 'later' }), config(), LOOPBACK));
    expect(error).toMatchObject({ kind: 'retryable', code: 'sftp.network' });
  });
});
