import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryPayload } from '../../src/core/connector.ts';
import { sendFailure as failure, samplePayload, testContext } from '../../test/support/delivery-payload.ts';
import { closeMailServers, MAIL_PASS, MAIL_USER, mailServer } from '../../test/support/mail-server.ts';
import { messageIdFor, SmtpConfig, type SmtpConfigInput, smtpTransport } from './index.ts';

// Every byte value, so an encoding slip (7bit, charset conversion, line-ending fix-ups) shows.
const BYTES = new Uint8Array([
  ...new TextEncoder().encode('ISA*00*~GS*PR~ST*855*0001~\r\n'),
  ...Array.from({ length: 256 }, (_, i) => i),
]);

const payload = (over: Partial<DeliveryPayload> = {}) => samplePayload(BYTES, over);

const USER = MAIL_USER;
const PASS = MAIL_PASS;

afterEach(closeMailServers);

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
