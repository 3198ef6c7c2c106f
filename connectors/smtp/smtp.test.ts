import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { sendFailure as failure, samplePayload, testContext } from '../../test/support/delivery-payload.ts';
import type { DeliveryPayload } from '../transport.ts';
import { messageIdFor, SmtpConfig, type SmtpConfigInput, smtpTransport } from './index.ts';

const USER = 'ordergate';
const PASS = 'mail-secret-8c1d';
// Every byte value, so an encoding slip (7bit, charset conversion, line-ending fix-ups) shows.
const BYTES = new Uint8Array([
  ...new TextEncoder().encode('ISA*00*~GS*PR~ST*855*0001~\r\n'),
  ...Array.from({ length: 256 }, (_, i) => i),
]);

const payload = (over: Partial<DeliveryPayload> = {}) => samplePayload(BYTES, over);

interface Delivered {
  from: string;
  to: string[];
  raw: Buffer;
}

const servers: SMTPServer[] = [];

/** A real SMTP server on loopback with AUTH; `nobody@` is refused for good, `later@` greylisted. */
async function mailServer(): Promise<{ port: number; inbox: Delivered[]; server: SMTPServer }> {
  const inbox: Delivered[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'], // plain loopback; AUTH over it needs allowInsecureAuth
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) return callback(null, { user: USER });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@'))
        return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      if (address.address.startsWith('later@'))
        return callback(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, inbox, server };
}

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The test servers are on loopback: allowed here, refused by default. */
const LOOPBACK = testContext();
const DEFAULT = testContext({ allowPrivateAddresses: false });

const config = (port: number, over: Partial<SmtpConfigInput> = {}) =>
  SmtpConfig.parse({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: USER, pass: PASS },
    from: 'edi@supplier.example',
    to: 'orders@harborpine.example',
    timeoutMs: 5_000,
    ...over,
  });

describe('smtp transport', () => {
  it('delivers the document as an attachment, bytes intact, with a Message-ID from the idempotency key', async () => {
    const { port, inbox } = await mailServer();
    const receipt = await smtpTransport.send(
      payload(),
      config(port, {
        to: ['orders@harborpine.example', 'edi@harborpine.example'],
        subject: '{documentType} / {filename}',
      }),
      LOOPBACK,
    );
    expect(receipt.remoteId).toBe('<ordergate-out-855-7f3a@supplier.example>');
    expect(inbox).toHaveLength(1);
    const delivered = inbox[0]!;
    expect(delivered.from).toBe('edi@supplier.example');
    expect(delivered.to).toEqual(['orders@harborpine.example', 'edi@harborpine.example']);

    const mail = await simpleParser(delivered.raw);
    expect(mail.messageId).toBe('<ordergate-out-855-7f3a@supplier.example>');
    expect(mail.subject).toBe('855 / 855-000000001.edi');
    expect(mail.headers.get('x-ordergate-idempotency-key')).toBe('out-855-7f3a');
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0]!;
    expect(attachment.filename).toBe('855-000000001.edi');
    expect(attachment.contentType).toBe('application/edi-x12');
    expect(new Uint8Array(attachment.content)).toEqual(BYTES);
  });

  it('sends a retry with the same Message-ID, so the receiver can drop the repeat', async () => {
    const { port, inbox } = await mailServer();
    await smtpTransport.send(payload(), config(port), LOOPBACK);
    await smtpTransport.send(payload(), config(port), LOOPBACK);
    const ids = await Promise.all(inbox.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(ids).toEqual([
      '<ordergate-out-855-7f3a@supplier.example>',
      '<ordergate-out-855-7f3a@supplier.example>',
    ]);
    expect(messageIdFor('a/b c', 'x@y.example')).toBe('<ordergate-a%2Fb%20c@y.example>');
  });

  it('treats a wrong password as permanent and does not show it', async () => {
    const { port, inbox } = await mailServer();
    const wrong = 'not-the-password-123';
    const error = await failure(
      smtpTransport.send(payload(), config(port, { auth: { user: USER, pass: wrong } }), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'smtp.auth_failed' });
    expect(error.message).toContain('535');
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(inbox).toHaveLength(0);
  });

  it('treats a refused recipient as permanent, even when another recipient accepted it', async () => {
    const { port } = await mailServer();
    const only = await failure(
      smtpTransport.send(payload(), config(port, { to: 'nobody@harborpine.example' }), LOOPBACK),
    );
    expect(only).toMatchObject({ kind: 'permanent', code: 'smtp.recipient_refused' });
    expect(only.message).toContain('550');
    const some = await failure(
      smtpTransport.send(
        payload(),
        config(port, { to: ['orders@harborpine.example', 'nobody@harborpine.example'] }),
        LOOPBACK,
      ),
    );
    expect(some).toMatchObject({ kind: 'permanent', code: 'smtp.recipient_refused' });
    expect(some.message).toContain('nobody@harborpine.example');
  });

  it('treats a greylisting 451 as retryable', async () => {
    const { port } = await mailServer();
    const error = await failure(
      smtpTransport.send(payload(), config(port, { to: 'later@harborpine.example' }), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'retryable', code: 'smtp.deferred' });
  });

  it('treats a server that is down as retryable', async () => {
    const { port, server } = await mailServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(smtpTransport.send(payload(), config(port), LOOPBACK));
    expect(error).toMatchObject({ kind: 'retryable', code: 'smtp.network' });
  });

  it('refuses a server on loopback by default, by address or by name, before connecting', async () => {
    const { port, inbox, server } = await mailServer();
    let connections = 0;
    server.server.on('connection', () => {
      connections += 1;
    });
    for (const host of ['127.0.0.1', 'localhost']) {
      const error = await failure(smtpTransport.send(payload(), config(port, { host }), DEFAULT));
      expect(error, host).toMatchObject({ kind: 'permanent', code: 'delivery.private_address' });
      expect(error.message, host).toContain(host);
    }
    expect(connections).toBe(0);
    expect(inbox).toEqual([]);
  });

  it('validates its configuration', () => {
    const ok = config(25);
    expect(ok.to).toEqual(['orders@harborpine.example']);
    expect(SmtpConfig.safeParse({ host: 'mx', from: 'edi@x.example', to: [] }).success).toBe(false);
    expect(SmtpConfig.safeParse({ host: 'mx', from: 'not an address', to: 'a@b.example' }).success).toBe(
      false,
    );
  });
});
