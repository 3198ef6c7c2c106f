import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { parseMail } from './parse-mail.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/eml/${name}`, import.meta.url)));

const compose = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new MailComposer(options).compile().build();

const csvOrder = { filename: 'po.csv', content: 'sku,qty\r\nA-1,4\r\n', contentType: 'text/csv' };

describe('parseMail', () => {
  it('reads the addresses, thread and an XLSX sent as application/octet-stream', async () => {
    const mail = await parseMail(fixture('orderintake_xlsx_po_attachment_octet_stream.eml'));
    expect(mail.from).toEqual({ address: 'dvance@glfp.com', name: 'David Vance' });
    expect(mail.to).toEqual(['orders@grafton-reese.com']);
    expect(mail.subject).toBe('GLFP weekly reorder - PO-2026-05847');
    expect(mail.messageId).toBe('<177675900036.8244.17153095602416722861@grafton-reese.example>');
    expect(mail.date?.toISOString()).toBe('2026-04-14T13:22:00.000Z');
    expect(mail.text).toContain('PO-2026-05847');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ kind: 'xlsx', forwardDepth: 0 });
    // the workbook as the corpus keeps it on its own (spreadsheets/orderintake_po_title_rows_…xlsx)
    const sha256 = createHash('sha256').update(mail.attachments[0]!.bytes).digest('hex');
    expect(sha256).toBe('c97cb9fbb2733c6c9503fab1d0dcaf013928fc75bbdcc9d1d6fcc985892c407d');
    expect(mail.problems).toEqual([]);
  });

  it('decodes an RFC 2047 subject and a base64 CSV with its CRLF bytes', async () => {
    const mail = await parseMail(fixture('orderintake_csv_attachment_crlf_jde_export.eml'));
    expect(mail.subject).toBe('Reorder — PO 0452187 (CSV attached)');
    const [csv] = mail.attachments;
    expect(csv).toMatchObject({ filename: 'ohio_valley_reorder_2026-04-08.csv', kind: 'csv' });
    expect(csv!.bytes.byteLength).toBe(1486);
  });

  it('gives a body-only order its text and no attachment', async () => {
    const mail = await parseMail(fixture('orderintake_body_only_vague_references_no_skus.eml'));
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain('3/8 R2 hose');
  });

  it('reads In-Reply-To and References of a reply', async () => {
    const mail = await parseMail(fixture('orderintake_body_only_colloquial_thread_2_clarifying_reply.eml'));
    expect(mail.inReplyTo).toBe('<20260420091512.9A31.stanbirch@birchvalleyfarmeq.com>');
    expect(mail.references).toEqual(['<20260420091512.9A31.stanbirch@birchvalleyfarmeq.com>']);
  });

  it('refuses what is no mail (an AS2 HTTP request saved to a file) with a problem, not a crash', async () => {
    const mail = await parseMail(fixture('phax-as2lib_as2_http_request_multipart_signed_850_attachment.txt'));
    expect(mail.problems.map((p) => p.code)).toEqual(['email.unparseable']);
    expect(mail.attachments).toEqual([]);
    const empty = await parseMail(new Uint8Array());
    expect(empty.problems.map((p) => p.code)).toEqual(['email.unparseable']);
  });

  it('keeps the raw headers the loop guard reads, and a null Return-Path as ""', async () => {
    const raw =
      'Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example\r\nAuto-Submitted: auto-replied\r\n (folded)\r\nSubject: x\r\n\r\nbody';
    const mail = await parseMail(Buffer.from(raw));
    expect(mail.returnPath).toBe('');
    expect(mail.headers.get('auto-submitted')).toEqual(['auto-replied (folded)']);
  });

  it('opens forwarded mails, inline or attached, base64 or not, down to the depth allowed', async () => {
    const inner = await compose({
      from: 'buyer@partner.example',
      subject: 'PO 7',
      text: 'order',
      attachments: [csvOrder],
    });
    // mailparser opens an inline 7bit message/rfc822 itself; Outlook's "forward as attachment" and a base64
    // part it leaves as one attachment, which parseMail opens
    for (const forwarded of [
      { contentTransferEncoding: '7bit' },
      { contentTransferEncoding: 'base64' },
      { contentTransferEncoding: '7bit', contentDisposition: 'attachment' },
    ]) {
      const outer = await compose({
        from: 'assistant@partner.example',
        subject: 'Fwd: PO 7',
        text: 'see below',
        attachments: [{ filename: 'po7.eml', content: inner, contentType: 'message/rfc822', ...forwarded }],
      });
      const mail = await parseMail(outer);
      expect(
        mail.attachments.map((a) => [a.filename, a.kind]),
        JSON.stringify(forwarded),
      ).toEqual([['po.csv', 'csv']]);
      expect(mail.problems).toEqual([]);
    }

    let nested = inner;
    for (let depth = 0; depth < 3; depth++)
      nested = await compose({
        from: 'a@partner.example',
        subject: 'Fwd',
        attachments: [
          {
            filename: 'fwd.eml',
            content: nested,
            contentType: 'message/rfc822',
            contentTransferEncoding: 'base64',
          },
        ],
      });
    const deep = await parseMail(nested, { maxForwardDepth: 2 });
    expect(deep.attachments).toEqual([]);
    expect(deep.problems.map((p) => p.code)).toEqual(['email.forward_too_deep']);
    const opened = await parseMail(nested, { maxForwardDepth: 3 });
    expect(opened.attachments.map((a) => a.forwardDepth)).toEqual([3]);
  });

  it('reports attachments beyond the size and count limits as problems and reads the rest', async () => {
    const raw = await compose({
      from: 'buyer@partner.example',
      subject: 'PO 8',
      attachments: [
        { filename: 'big.csv', content: `sku,qty\r\n${'A,1\r\n'.repeat(100)}`, contentType: 'text/csv' },
        csvOrder,
        { ...csvOrder, filename: 'third.csv' },
      ],
    });
    const mail = await parseMail(raw, { maxAttachmentBytes: 100, maxAttachments: 1 });
    expect(mail.attachments.map((a) => a.filename)).toEqual(['po.csv']);
    expect(mail.problems.map((p) => [p.code, p.file])).toEqual([
      ['email.attachment_too_large', 'big.csv'],
      ['email.too_many_attachments', 'third.csv'],
    ]);
  });
});
