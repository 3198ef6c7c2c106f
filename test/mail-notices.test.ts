import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type ParsedMail, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import { receiveMessage } from '../src/pipeline/intake/receive.ts';
import { signInAs } from './support/console-client.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { closeMailServers, type Delivered, MAIL_PASS, MAIL_USER, mailServer } from './support/mail-server.ts';
import { pdfTextIn } from './support/pdf-text.ts';
import { eventually, tempDir } from './support/services.ts';

/**
 * 855, 856 and 810 for a partner who orders by mail go back by mail: a notice with the document as PDF and CSV, in the
 * partner's language, threaded to the order mail, sent by a real SMTP server through the mailbox's settings.
 * The order mail is stored as the mailbox's intake stores it (receiveMessage, channel `email`, the mailbox as
 * its connector instance) rather than read from an IMAP server: test/mail-intake.test.ts drives that door.
 */

const OUR_ADDRESS = 'orders@supplier.example';
const BUYER = 'einkauf@linde.example';
/** A DDE formula (OWASP "CSV Injection") as the buyer's item number: Excel would run it if we echoed it as is. */
const HOSTILE = "=cmd|' /C calc'!A0";

/** Linde Handel orders by mail, proves nothing (emailAuth none) and reads German: its spreadsheet mapping says so. */
function mappingsDir(): { dir: string; remove(): void } {
  const tmp = tempDir();
  const partner = path.join(tmp.dir, 'linde-handel');
  mkdirSync(partner, { recursive: true });
  writeFileSync(
    path.join(partner, 'partner.yaml'),
    [
      'id: linde-handel',
      'name: Linde Handel',
      'identifiers:',
      `  - { type: email, value: ${BUYER} }`,
      'settings:',
      '  emailAuth: none',
      '  send855: true',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(partner, 'spreadsheet.v1.yaml'),
    [
      'document: spreadsheet',
      'version: 1',
      'language: de',
      'locale:',
      "  decimal: '.'",
      '  dateOrder: dmy',
      'defaults:',
      '  currency: EUR',
      '',
    ].join('\n'),
  );
  return tmp;
}

/** The partner's order sheet; the first line's item number is a formula. */
const orderCsv = (po: string) =>
  Buffer.from(
    [
      'PO Number,Order Date,Line,Buyer Item,Quantity,UOM,Unit Price',
      `${po},03.12.2026,1,"${HOSTILE}",6,EA,18.00`,
      `${po},03.12.2026,2,BI-78,12,EA,2.40`,
      '',
    ].join('\r\n'),
  );

/** An order mail as the buyer's mail program writes it. */
async function orderMail(po: string, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: `Einkauf Linde <${BUYER}>`,
    to: OUR_ADDRESS,
    subject: `Bestellung ${po}`,
    messageId: `<${messageId}>`,
    text: 'Anbei unsere Bestellung.\n',
    attachments: [{ filename: `${po}.csv`, content: orderCsv(po), contentType: 'text/csv' }],
  });
  return new Promise((resolve, reject) => composer.compile().build((e, m) => (e ? reject(e) : resolve(m))));
}

/** A loopback port nothing listens on: the mailboxes' IMAP side, which this test does not use. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sscc = (n: number) => {
  const first17 = `0400000000${String(n).padStart(7, '0')}`;
  return `${first17}${ssccCheckDigit(first17)}`;
};

let smtp: Awaited<ReturnType<typeof mailServer>>;
let imapPort: number;
/** Where the attached PDFs are written for pdftotext. */
const pdfDir = tempDir();
beforeAll(async () => {
  [smtp, imapPort] = await Promise.all([mailServer(), closedPort()]);
});
afterAll(async () => {
  pdfDir.remove();
  await closeMailServers();
});

interface OrderView {
  status: string;
  documents: { id: string; type: string; status: string; messageId: string | null }[];
}

for (const mode of gatewayModes()) {
  describe(`notices to mail partners (${mode.name})`, () => {
    let t: TestGateway;
    let mappings: { dir: string; remove(): void };
    /** Each mode's mails are told apart by their Message-IDs. */
    const ids = (name: string) => `${name}.${mode.name.replace(/\W+/g, '-')}@linde.example`;

    const createMailbox = async (id: string, withSmtp: boolean) => {
      const res = await t.call('/v1/connectors', {
        method: 'POST',
        token: ADMIN,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          connector: 'imap',
          config: {
            host: '127.0.0.1',
            port: imapPort,
            secure: false,
            starttls: false,
            user: OUR_ADDRESS,
            password: 'imap-secret',
            pollMs: 3_600_000,
            ...(withSmtp
              ? {
                  smtp: {
                    host: '127.0.0.1',
                    port: smtp.port,
                    secure: false,
                    user: MAIL_USER,
                    from: OUR_ADDRESS,
                  },
                  smtpPassword: MAIL_PASS,
                }
              : {}),
          },
        }),
      });
      expect(res.status).toBe(201);
    };

    beforeAll(async () => {
      mappings = mappingsDir();
      t = await startTestGateway(mode, {
        ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1',
        ORDERGATE_MAPPINGS_DIR: mappings.dir,
      });
      await createMailbox('orders-mailbox', true);
      await createMailbox('no-smtp-mailbox', false);
    });
    afterAll(async () => {
      await t?.close();
      mappings?.remove();
    });

    /** Stores an order mail as the mailbox's intake does and returns its accepted order. */
    const receiveOrderMail = async (po: string, messageId: string, mailbox: string) => {
      const { messageId: id } = await receiveMessage(t.gateway.database.db, {
        channel: 'email',
        bytes: await orderMail(po, messageId),
        sender: BUYER,
        filename: messageId,
        contentType: 'message/rfc822',
        connectorInstance: mailbox,
        actor: `connector:${mailbox}`,
      });
      t.gateway.dispatcher.notify();
      const view = await t.settled(id);
      expect(view.status).toBe('done');
      expect(view.orders.map((o) => [o.poNumber, o.status])).toEqual([[po, 'accepted']]);
      return view.orders[0]!.id;
    };

    /** The mail the SMTP server received with this Message-ID, parsed, with its envelope. */
    const sentMail = async (messageId: string): Promise<{ mail: ParsedMail; envelope: Delivered }> => {
      const envelope = await eventually(
        async () => smtp.inbox.find((m) => m.raw.toString('latin1').includes(`Message-ID: <${messageId}>`)),
        30_000,
        `mail ${messageId}`,
      );
      return { mail: await simpleParser(envelope.raw), envelope };
    };

    /** The document once it reached `status`. */
    const documentIn = (orderId: string, documentId: string, status: string) =>
      eventually(
        async () => {
          const view = await t.json<OrderView>(`/v1/orders/${orderId}`);
          return view.documents.find((d) => d.id === documentId && d.status === status);
        },
        30_000,
        `document ${documentId} ${status}`,
      );

    /** The CSV attached to a notice, as rows of cells; beside it, the PDF only. */
    const attachedCsv = (mail: ParsedMail) => {
      expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'text/csv']);
      const csv = mail.attachments[1];
      expect(csv!.contentType).toBe('text/csv');
      return { filename: csv!.filename, rows: parse(csv!.content, { bom: true }) as string[][] };
    };

    /** The PDF attached to a notice: its name, bytes and text as pdftotext extracts it. */
    const attachedPdf = (mail: ParsedMail) => {
      const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
      const bytes = new Uint8Array(pdf.content);
      return {
        filename: pdf.filename,
        bytes,
        text: pdfTextIn(pdfDir.dir, bytes, `${pdf.filename}-${mode.name}`),
      };
    };

    /** A document's file as the admin API serves it. */
    const download = async (documentId: string, format: 'pdf' | 'csv') => {
      const res = await t.call(`/v1/documents/${documentId}/${format}`, { token: ADMIN });
      expect(res.status).toBe(200);
      return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
    };

    const post = (url: string, body: object) =>
      t.call(url, {
        method: 'POST',
        token: ADMIN,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('sends the 855, 856 and 810 of a mail order as threaded German notices with the PDF and the CSV attached', async () => {
      const orderMailId = ids('po-7701');
      const orderId = await receiveOrderMail('PO-7701', orderMailId, 'orders-mailbox');
      const thread = (mail: ParsedMail, envelope: Delivered) => {
        expect(envelope.to).toEqual([BUYER]);
        expect(mail.inReplyTo).toBe(`<${orderMailId}>`);
        expect(mail.references).toContain(`<${orderMailId}>`);
        expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
        expect(mail.from?.value[0]?.address).toBe(OUR_ADDRESS);
      };

      // the 855 the partner's settings ask for (send855), requested by the pipeline itself
      const ack = await eventually(async () =>
        (await t.json<OrderView>(`/v1/orders/${orderId}`)).documents.find((d) => d.type === '855'),
      );
      const ackMail = await sentMail(`${ack.id}.855@supplier.example`);
      thread(ackMail.mail, ackMail.envelope);
      expect(ackMail.mail.subject).toBe('Auftragsbestätigung PO-7701');
      const ackCsv = attachedCsv(ackMail.mail);
      expect(ackCsv.filename).toBe('855-PO-7701.csv');
      // the status code, and the outcome in the partner's words
      expect(ackCsv.rows.map((r) => [r[1], r[2], r[8], r[12]])).toEqual([
        ['Line', 'Buyer Item', 'Status', 'Outcome'],
        ['1', `'${HOSTILE}`, 'accepted', 'angenommen, 6 EA'],
        ['2', 'BI-78', 'accepted', 'angenommen, 12 EA'],
      ]);
      expect(ackMail.mail.text).toContain('- Position 2 (BI-78): angenommen, 12 EA');
      const ackPdf = attachedPdf(ackMail.mail);
      expect(ackPdf.filename).toBe('855-PO-7701.pdf');
      // in the partner's language, as the mail
      expect(ackPdf.text).toMatch(/Auftragsbestätigung\s+Bestellung PO-7701/);
      expect(ackPdf.text).toContain('angenommen, 12 EA');
      expect(ackPdf.text).toContain('Linde Handel');
      await documentIn(orderId, ack.id, 'delivered');

      const shipped = await post(`/v1/orders/${orderId}/shipments`, {
        shipDate: '2026-12-04',
        carrier: { scac: 'DHLX' },
        trackingNumber: 'JD0146',
        packs: [
          {
            sscc: sscc(1),
            lines: [
              { lineNumber: '1', quantity: '6' },
              { lineNumber: '2', quantity: '12' },
            ],
          },
        ],
      });
      expect(shipped.status).toBe(202);
      const { documentId: asnId } = (await shipped.json()) as { documentId: string };
      const asn = await sentMail(`${asnId}.856@supplier.example`);
      thread(asn.mail, asn.envelope);
      expect(asn.mail.subject).toBe('Lieferavis PO-7701');
      expect(asn.mail.text).toContain('PO-7701');
      expect(asn.mail.text).toContain('JD0146');
      const asnCsv = attachedCsv(asn.mail);
      expect(asnCsv.filename).toMatch(/^856-SH[0-9A-F]{12}\.csv$/);
      const slip = attachedPdf(asn.mail);
      expect(slip.filename).toBe(asnCsv.filename?.replace(/csv$/, 'pdf'));
      expect(slip.text).toContain('PO-7701');
      expect(slip.text).toContain(`(00) ${sscc(1)}`);
      expect(asnCsv.rows[0]).toEqual([
        'SSCC',
        'Pallet SSCC',
        'PO Number',
        'Line',
        'Buyer Item',
        'Vendor Item',
        'SKU',
        'GTIN/UPC/EAN',
        'Qty',
        'Ship Date',
        'Carrier',
        'Tracking',
      ]);
      // the formula comes back as text: a quote in front, so a spreadsheet program shows it and runs nothing
      expect(asnCsv.rows.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[8]])).toEqual([
        [sscc(1), 'PO-7701', '1', `'${HOSTILE}`, '6'],
        [sscc(1), 'PO-7701', '2', 'BI-78', '12'],
      ]);
      await documentIn(orderId, asnId, 'delivered');

      const invoiced = await post(`/v1/orders/${orderId}/invoices`, {
        invoiceNumber: 'RE-2026-0042',
        invoiceDate: '2026-12-05',
      });
      expect(invoiced.status).toBe(202);
      const { documentId: invoiceId } = (await invoiced.json()) as { documentId: string };
      const invoice = await sentMail(`${invoiceId}.810@supplier.example`);
      thread(invoice.mail, invoice.envelope);
      expect(invoice.mail.subject).toBe('Rechnung RE-2026-0042');
      const invoiceCsv = attachedCsv(invoice.mail);
      expect(invoiceCsv.filename).toBe('810-RE-2026-0042.csv');
      // 6 × 18.00 + 12 × 2.40 = 136.80
      expect(invoiceCsv.rows.slice(1).map((r) => [r[2], r[3], r[7], r[8], r[9], r[10]])).toEqual([
        ['1', `'${HOSTILE}`, '6', '18.00', '108.00', 'EUR'],
        ['2', 'BI-78', '12', '2.40', '28.80', 'EUR'],
        ['total', '', '', '', '136.80', 'EUR'],
      ]);
      // the PDF names the PO and states the total; the admin API serves the very same bytes (one renderer,
      // dated by the document) and the CSV as the mail attached it
      const invoicePdf = attachedPdf(invoice.mail);
      expect(invoicePdf.filename).toBe('810-RE-2026-0042.pdf');
      expect(invoicePdf.text).toContain('PO-7701');
      expect(invoicePdf.text).toMatch(/Gesamt EUR\s+136\.80/);
      expect(invoicePdf.bytes.length).toBeLessThan(20_000);
      const served = await download(invoiceId, 'pdf');
      expect(served.res.headers.get('content-type')).toBe('application/pdf');
      expect(served.res.headers.get('content-disposition')).toBe(
        'attachment; filename="810-RE-2026-0042.pdf"',
      );
      expect(Buffer.from(served.bytes).equals(Buffer.from(invoicePdf.bytes))).toBe(true);
      const servedCsv = await download(invoiceId, 'csv');
      expect(Buffer.from(servedCsv.bytes).equals(invoice.mail.attachments[1]!.content)).toBe(true);
      // the console's order page links both files; a viewer downloads the same PDF; a 997 or an unknown id has none
      const viewer = await signInAs(t, 'viewer');
      const orderPage = await (await viewer.get(`/admin/orders/${orderId}`)).text();
      expect(orderPage).toContain(`href="/admin/documents/${invoiceId}/pdf"`);
      expect(orderPage).toContain(`href="/admin/documents/${asnId}/csv"`);
      const consolePdf = await viewer.get(`/admin/documents/${invoiceId}/pdf`);
      expect(consolePdf.status).toBe(200);
      expect(Buffer.from(await consolePdf.arrayBuffer()).equals(Buffer.from(invoicePdf.bytes))).toBe(true);
      expect((await viewer.get('/admin/documents/nope/pdf')).status).toBe(404);
      expect((await t.call('/v1/documents/nope/pdf', { token: ADMIN })).status).toBe(404);
      expect((await t.call(`/v1/documents/${invoiceId}/xlsx`, { token: ADMIN })).status).toBe(404);
      await documentIn(orderId, invoiceId, 'delivered');

      // every notice is an outbound mail message of its document's type, by the mailbox the order came in by
      const stored = await t.query<{
        type: string;
        channel: string;
        content_type: string;
        connector_instance: string;
      }>(
        `select type, channel, content_type, connector_instance from messages
          where direction = 'outbound' and type in ('855', '856', '810') order by type`,
      );
      expect(stored).toEqual(
        ['810', '855', '856'].map((type) => ({
          type,
          channel: 'email',
          content_type: 'message/rfc822',
          connector_instance: 'orders-mailbox',
        })),
      );
    });

    it('sets a document aside with outbound.no_mail_route when the mailbox has no SMTP settings', async () => {
      const orderId = await receiveOrderMail('PO-7702', ids('po-7702'), 'no-smtp-mailbox');
      const ack = await eventually(async () => {
        const doc = (await t.json<OrderView>(`/v1/orders/${orderId}`)).documents.find(
          (d) => d.type === '855',
        );
        return doc?.status === 'failed' ? doc : undefined;
      });
      expect(ack.messageId).toBeNull();
      const exceptions = await t.query<{ code: string; status: string; message: string }>(
        `select code, status, message from exceptions where order_id = '${orderId}'`,
      );
      expect(exceptions).toEqual([
        {
          code: 'outbound.no_mail_route',
          status: 'open',
          message: expect.stringContaining('no mailbox with SMTP settings (no-smtp-mailbox)'),
        },
      ]);
    });

    it('sets a document aside with outbound.no_mail_route when the order was uploaded: no address to answer', async () => {
      const form = new FormData();
      form.set('file', new Blob([orderCsv('PO-7703')], { type: 'text/csv' }), 'PO-7703.csv');
      form.set('partnerId', 'linde-handel');
      const uploaded = await t.call('/v1/inbound/upload', { method: 'POST', token: ADMIN, body: form });
      expect(uploaded.status).toBe(202);
      const { messageId } = (await uploaded.json()) as { messageId: string };
      const view = await t.settled(messageId);
      expect(view.orders.map((o) => [o.poNumber, o.status])).toEqual([['PO-7703', 'accepted']]);
      const orderId = view.orders[0]!.id;
      await eventually(async () => {
        const doc = (await t.json<OrderView>(`/v1/orders/${orderId}`)).documents.find(
          (d) => d.type === '855',
        );
        return doc?.status === 'failed' ? doc : undefined;
      });
      const exceptions = await t.query<{ code: string; message: string }>(
        `select code, message from exceptions where order_id = '${orderId}'`,
      );
      expect(exceptions).toEqual([
        {
          code: 'outbound.no_mail_route',
          message: expect.stringContaining('came by the csv door, not by mail'),
        },
      ]);
    });
  });
}
