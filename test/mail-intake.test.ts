import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dkimSigned, testDkimKey } from './support/dkim.ts';
import { startDnsServer, type TestDnsServer } from './support/dns-server.ts';
import { deliverMail, type RunningDovecot, startDovecot, testMailboxConfig } from './support/dovecot.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
} from './support/gateway-harness.ts';
import { closeMailServers, type Delivered, mailServer } from './support/mail-server.ts';
import { eventually } from './support/services.ts';

/**
 * The mail door end to end, on real servers: Dovecot holds the mailbox, a real SMTP server takes the replies, a
 * real DNS server publishes DKIM keys and DMARC policies, and the gateway (embedded, and on PostgreSQL + Redis)
 * reads the mailbox as a connector instance. Each partner below proves itself another way.
 */

const SPREADSHEETS = 'test/fixtures/spreadsheets/';
const OUR_ADDRESS = 'orders@supplier.example';
const SECRET_ADDRESS = 'orders+k7x2q9@supplier.example';

/** Cedar Row proves its mail with DKIM + DMARC on its domain (the default policy). */
const cedar = testDkimKey('cedarrow.example');
/** Someone else's domain: a valid signature, but not the From domain's. */
const evil = testDkimKey('evil.example');

interface MailInput {
  from: string;
  to?: string;
  subject: string;
  messageId: string;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
  text?: string;
  headers?: Record<string, string>;
}

/** An order mail as a partner's mail program writes it. */
async function composeMail(input: MailInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to ?? OUR_ADDRESS,
    subject: input.subject,
    messageId: `<${input.messageId}>`,
    date: new Date('2026-12-03T09:15:00Z'),
    text: input.text ?? 'Please find our order attached.\n',
    ...(input.headers ? { headers: input.headers } : {}),
    attachments: input.attachments ?? [],
  });
  return new Promise((resolve, reject) => composer.compile().build((e, m) => (e ? reject(e) : resolve(m))));
}

const csv = (name: string) => ({ filename: name, content: readFileSync(`${SPREADSHEETS}${name}`) });

let dovecot: RunningDovecot;
let dns: TestDnsServer;
let smtp: Awaited<ReturnType<typeof mailServer>>;

beforeAll(async () => {
  [dovecot, dns, smtp] = await Promise.all([startDovecot(), startDnsServer(), mailServer()]);
  dns.set(cedar.name, cedar.record);
  dns.set(evil.name, evil.record);
  dns.set('_dmarc.cedarrow.example', 'v=DMARC1; p=reject');
});
afterAll(async () => {
  await closeMailServers();
  await dns?.close();
  await dovecot?.stop();
});

/** Puts a mail into the gateway's mailbox, as the partner's mail server would deliver it. */
const deliverToMailbox = (raw: Buffer, folder: string) => deliverMail(dovecot, folder, raw);

/** The reply the SMTP server received to the mail with this Message-ID, parsed. */
async function replyTo(messageId: string) {
  const received = await eventually(
    async () =>
      smtp.inbox.find((m: Delivered) => m.raw.toString('latin1').includes(`In-Reply-To: <${messageId}>`)),
    30_000,
    `a reply to ${messageId}`,
  );
  return simpleParser(received.raw);
}

/** Whether any reply to the mail with this Message-ID was sent. */
const answered = (messageId: string) =>
  smtp.inbox.some((m: Delivered) => m.raw.toString('latin1').includes(`In-Reply-To: <${messageId}>`));

for (const mode of gatewayModes()) {
  describe(`mail intake (${mode.name})`, () => {
    let t: TestGateway;
    /** Each mode reads its own folder of the one Dovecot account. */
    const folder = `orders-${mode.name.replace(/\W+/g, '-')}`;
    const ids = (name: string) => `${name}.${folder}@mail.example`;

    beforeAll(async () => {
      t = await startTestGateway(mode, {
        ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1',
        ORDERGATE_DNS_SERVERS: dns.address,
      });
      await t.createPartner({
        id: 'cedar-row',
        name: 'Cedar Row',
        identifiers: [{ type: 'domain', value: 'cedarrow.example' }],
      });
      await t.createPartner({
        id: 'birch-hall',
        name: 'Birch Hall',
        identifiers: [{ type: 'email', value: 'buyer@birchhall.example' }],
        settings: {
          emailAuth: 'secret-address',
          emailSecretAddress: SECRET_ADDRESS,
          badRows: 'accept-good-rows',
        },
      });
      await t.createPartner({
        id: 'alder-co',
        name: 'Alder & Co',
        identifiers: [{ type: 'email', value: 'purchasing@alder.example' }, { ...VALID_850_SENDER }],
        settings: { emailAuth: 'none' },
      });
      await deliverToMailbox(
        await composeMail({ from: 'x@x.example', subject: 'warm-up', messageId: ids('warm') }),
        folder,
      );
      const res = await t.call('/v1/connectors', {
        method: 'POST',
        token: ADMIN,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'orders-mailbox',
          connector: 'imap',
          config: testMailboxConfig(dovecot, {
            folder,
            processedFolder: `${folder}-done`,
            smtpPort: smtp.port,
            from: OUR_ADDRESS,
          }),
        }),
      });
      expect(res.status).toBe(201);
    });
    afterAll(async () => t?.close());

    /** The stored inbound mail with this Message-ID, once the pipeline is done with it. */
    const mailMessage = async (messageId: string) => {
      const row = await eventually(
        async () =>
          (
            await t.query<{ id: string }>(
              `select id from messages where direction = 'inbound' and channel = 'email' and filename = '${messageId}'`,
            )
          )[0],
        30_000,
        `mail ${messageId} stored`,
      );
      return { id: row.id, view: await t.settled(row.id) };
    };

    it('a DKIM-signed order mail from a partner with no mapping becomes orders and a threaded confirmation', async () => {
      const raw = await dkimSigned(
        await composeMail({
          from: 'Einkauf Cedar Row <einkauf@cedarrow.example>',
          subject: 'Bestellung B-2026-118',
          messageId: ids('cedar-1'),
          attachments: [csv('de_bestellung_semicolon_utf8_bom.csv')],
        }),
        cedar,
      );
      await deliverToMailbox(raw, folder);
      const { id, view } = await mailMessage(ids('cedar-1'));
      expect(view.status).toBe('done');
      expect(view.partnerId).toBe('cedar-row');
      expect(view.orders.map((o) => o.poNumber)).toEqual(['B-2026-118']);
      const reply = await replyTo(ids('cedar-1'));
      expect(reply.inReplyTo).toBe(`<${ids('cedar-1')}>`);
      expect(reply.references).toContain(`<${ids('cedar-1')}>`);
      expect(reply.subject).toBe('Re: Bestellung B-2026-118');
      expect(reply.headers.get('auto-submitted')).toBe('auto-replied');
      expect(reply.text).toContain('B-2026-118');
      // the order's lines as the partner wrote them, decimal commas read by the built-in default mapping
      const [order] = await t.query<{
        data: {
          lines: { quantity: string; unitPrice: string; items: { sku?: string; buyerItem?: string } }[];
        };
      }>(`select data from orders where message_id = '${id}'`);
      expect(order!.data.lines.map((l) => [l.quantity, l.unitPrice])).toEqual([
        ['500', '0.12'],
        ['500', '0.05'],
        ['2', '1234.50'],
      ]);
      // stored, then moved out of the folder: never read again
      expect(view.outbound.map((o) => o.type)).toContain('email-reply');
    });

    it('a forged From (signed by another domain) is held, not answered; an admin assigns it and it is processed', async () => {
      const raw = await dkimSigned(
        await composeMail({
          from: 'einkauf@cedarrow.example',
          subject: 'Urgent order',
          messageId: ids('forged'),
          attachments: [csv('de_bestellung_semicolon_utf8_bom.csv')],
        }),
        evil,
      );
      await deliverToMailbox(raw, folder);
      const { id, view } = await mailMessage(ids('forged'));
      expect(view.status).toBe('failed');
      expect(view.diagnostics.map((d) => d.code)).toEqual(['email.sender_unauthenticated']);
      expect(view.orders).toEqual([]);
      const [exception] = await t.query<{ code: string; status: string }>(
        `select code, status from exceptions where message_id = '${id}'`,
      );
      expect(exception).toEqual({ code: 'email.sender_unauthenticated', status: 'open' });

      const assigned = await t.call(`/v1/messages/${id}/assign`, {
        method: 'POST',
        token: ADMIN,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ partnerId: 'cedar-row' }),
      });
      expect(assigned.status).toBe(202);
      const after = await t.settled(id);
      expect(after.status).toBe('done');
      expect(after.orders).toHaveLength(1);
      const [resolved] = await t.query<{ status: string }>(
        `select status from exceptions where message_id = '${id}'`,
      );
      expect(resolved!.status).toBe('resolved');
    });

    it('an unknown sender is held; assigned with remember, its next mail is recognised', async () => {
      await deliverToMailbox(
        await composeMail({
          from: 'new.buyer@spruce.example',
          subject: 'First order',
          messageId: ids('unknown'),
          attachments: [csv('en_order_form_comma_utf8.csv')],
        }),
        folder,
      );
      const { id, view } = await mailMessage(ids('unknown'));
      expect(view.diagnostics.map((d) => d.code)).toEqual(['email.sender_unknown']);
      const assigned = await t.call(`/v1/messages/${id}/assign`, {
        method: 'POST',
        token: ADMIN,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ partnerId: 'alder-co', remember: true }),
      });
      expect(await assigned.json()).toEqual({
        messageId: id,
        partnerId: 'alder-co',
        remembered: 'new.buyer@spruce.example',
      });
      expect((await t.settled(id)).orders.map((o) => o.poNumber)).toEqual(['4711-B']);
      const again = await t.call(`/v1/messages/${id}/assign`, {
        method: 'POST',
        token: ADMIN,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ partnerId: 'alder-co' }),
      });
      expect(again.status).toBe(409);
    });

    it("a plus-address partner's mail to its secret address is taken, with bad rows named in the reply", async () => {
      await deliverToMailbox(
        await composeMail({
          from: 'buyer@birchhall.example',
          to: SECRET_ADDRESS,
          subject: 'Order',
          messageId: ids('birch'),
          attachments: [csv('broken_bad_quantity.csv')],
        }),
        folder,
      );
      const { id: birchId, view } = await mailMessage(ids('birch'));
      expect(view.partnerId).toBe('birch-hall');
      expect(view.orders).toHaveLength(1);
      const reply = await replyTo(ids('birch'));
      // the good row was taken (accept-good-rows), each bad one named with its row and column
      expect(reply.text).toMatch(/3/);
      expect(reply.text).toMatch(/Qty/);
      // and the supplier's people find it in the exceptions inbox, with the rows it names
      const { exceptions } = (await t.json(`/v1/exceptions?partnerId=birch-hall&type=file`)) as {
        exceptions: { code: string; messageId: string; source: { rows: number[] } }[];
      };
      const followUp = exceptions.find((e) => e.messageId === birchId);
      expect(followUp?.code).toBe('email.order_problems');
      expect(followUp?.source.rows).toContain(3);

      // the same partner's mail to the ordinary address does not prove it: held
      await deliverToMailbox(
        await composeMail({
          from: 'buyer@birchhall.example',
          subject: 'Order',
          messageId: ids('birch-plain'),
          attachments: [csv('broken_bad_quantity.csv')],
        }),
        folder,
      );
      expect((await mailMessage(ids('birch-plain'))).view.diagnostics.map((d) => d.code)).toEqual([
        'email.sender_unauthenticated',
      ]);
    });

    it('an X12 interchange attached to a mail is decoded as an interchange of the partner, with its 997', async () => {
      await deliverToMailbox(
        await composeMail({
          from: 'purchasing@alder.example',
          subject: 'EDI 850',
          messageId: ids('x12'),
          attachments: [
            { filename: 'po.edi', content: Buffer.from(VALID_850), contentType: 'application/edi-x12' },
          ],
        }),
        folder,
      );
      const { id, view } = await mailMessage(ids('x12'));
      expect(view.status).toBe('done');
      const [child] = await t.query<{ id: string; partner_id: string }>(
        `select id, partner_id from messages where channel = 'x12' and direction = 'inbound' and sender = 'purchasing@alder.example'`,
      );
      expect(child!.partner_id).toBe('alder-co');
      const interchange = await t.settled(child!.id);
      expect(interchange.orders.map((o) => o.poNumber)).toEqual(['08292233294']);
      expect(interchange.outbound.map((o) => o.type)).toContain('997');
      expect(id).not.toBe(child!.id);
    });

    it('an unreadable file is answered with a rejection naming it; an auto-reply gets no answer', async () => {
      await deliverToMailbox(
        await composeMail({
          from: 'purchasing@alder.example',
          subject: 'Order (old Excel)',
          messageId: ids('xls'),
          attachments: [csv('broken_legacy_excel97.xls')],
        }),
        folder,
      );
      const { view } = await mailMessage(ids('xls'));
      expect(view.status).toBe('rejected');
      const rejection = await replyTo(ids('xls'));
      expect(rejection.text).toMatch(/\.xlsx or \.csv/);

      await deliverToMailbox(
        await composeMail({
          from: 'purchasing@alder.example',
          subject: 'Out of office',
          messageId: ids('ooo'),
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
        folder,
      );
      const ooo = await mailMessage(ids('ooo'));
      expect(ooo.view.status).toBe('done');
      expect(ooo.view.diagnostics.map((d) => d.code)).toEqual(['email.automatic']);
      expect(answered(ids('ooo'))).toBe(false);
    });
  });
}
