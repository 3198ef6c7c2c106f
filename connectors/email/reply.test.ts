import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/core/order.ts';
import { composeNotice } from './notice.ts';
import { parseMail } from './parse-mail.ts';
import { composeReply, replySubject } from './reply.ts';

const original = {
  messageId: '<po4711@partner.example>',
  subject: 'PO 4711',
  references: ['<earlier@partner.example>'],
  from: { address: 'buyer@partner.example', name: 'Buyer' },
};
const order = {
  poNumber: '4711',
  currency: 'EUR',
  lines: [{}, {}],
  totals: { lineCount: 2, quantity: '14', amount: '35.00' },
} as unknown as Order;
const badRow = {
  severity: 'error' as const,
  code: 'row.quantity_invalid' as const,
  message: 'the quantity is empty',
  file: 'po.xlsx',
  sheet: 'Order',
  row: 14,
  column: 'Qty',
};

describe('composeReply', () => {
  it('answers in the thread, to Reply-To or From, marked as an automatic reply, with a stable Message-ID', async () => {
    const input = {
      id: 'doc-1',
      original,
      from: 'orders@supplier.example',
      kind: 'confirmation' as const,
      orders: [order],
      problems: [badRow],
    };
    const reply = await composeReply(input);
    expect(reply).toMatchObject({
      to: 'buyer@partner.example',
      subject: 'Re: PO 4711',
      messageId: '<doc-1.reply@supplier.example>',
    });
    expect((await composeReply(input)).messageId).toBe(reply.messageId);

    const read = await parseMail(reply.bytes);
    expect(read.messageId).toBe('<doc-1.reply@supplier.example>');
    expect(read.inReplyTo).toBe('<po4711@partner.example>');
    expect(read.references).toEqual(['<earlier@partner.example>', '<po4711@partner.example>']);
    expect(read.headers.get('auto-submitted')).toEqual(['auto-replied']);
    expect(read.text).toContain('PO 4711: 2 lines, total quantity 14, total amount 35.00 EUR');
    expect(read.text).toContain(
      '- file po.xlsx, sheet Order, row 14, column Qty: the quantity is empty → add a quantity greater than zero in row 14',
    );

    const withReplyTo = await composeReply({
      ...input,
      original: { ...original, replyTo: { address: 'purchasing@partner.example' } },
    });
    expect(withReplyTo.to).toBe('purchasing@partner.example');
  });

  it('writes a rejection in German naming each problem and what to do', async () => {
    const unsupported = {
      severity: 'error' as const,
      code: 'email.attachment_unsupported' as const,
      message: 'an .xls workbook is not read',
      file: 'po.xls',
    };
    const reply = await composeReply({
      id: 'doc-2',
      original,
      from: { address: 'orders@supplier.example', name: 'Orders' },
      kind: 'rejection',
      language: 'de-AT',
      problems: [unsupported],
    });
    const read = await parseMail(reply.bytes);
    expect(read.text).toContain('aus Ihrer Mail „PO 4711“ konnten wir keine Bestellung übernehmen');
    expect(read.text).toContain(
      '- Datei po.xls: an .xls workbook is not read → speichern Sie sie als .xlsx oder .csv',
    );
  });

  it('says a person will look at a held mail, and attaches a file when given', async () => {
    const csv = new TextEncoder().encode('\uFEFFa,b\r\n');
    const reply = await composeReply({
      id: 'doc-3',
      original,
      from: 'orders@supplier.example',
      kind: 'held',
      attachments: [{ filename: '855.csv', contentType: 'text/csv', content: csv }],
    });
    const read = await parseMail(reply.bytes);
    expect(read.text).toContain('A person will look at it');
    expect(read.attachments.map((a) => [a.filename, a.kind])).toEqual([['855.csv', 'csv']]);
  });

  it('does not stack reply prefixes', () => {
    expect(replySubject('Re: PO 1', 'x')).toBe('Re: PO 1');
    expect(replySubject('AW: Bestellung', 'x')).toBe('AW: Bestellung');
    expect(replySubject('Fwd: PO 1', 'x')).toBe('Re: Fwd: PO 1');
    expect(replySubject('  ', 'your order mail')).toBe('Re: your order mail');
  });
});

describe('composeNotice', () => {
  it('sends the CSV attached, threaded to the order mail, as an automatic message', async () => {
    const csv = new TextEncoder().encode('\uFEFFPO Number,Line\r\n4711,1\r\n');
    const bytes = await composeNotice({
      kind: '855',
      to: 'buyer@partner.example',
      from: 'orders@supplier.example',
      reference: '4711',
      summaryText: 'Order acknowledgment for PO 4711: accepted.',
      csv,
      filename: 'PO-4711-855.csv',
      referenceMessageId: '<po4711@partner.example>',
      messageId: '<doc-4@supplier.example>',
    });
    const read = await parseMail(bytes);
    expect(read).toMatchObject({
      subject: 'Order acknowledgment 4711',
      inReplyTo: '<po4711@partner.example>',
      messageId: '<doc-4@supplier.example>',
    });
    expect(read.headers.get('auto-submitted')).toEqual(['auto-generated']);
    expect(read.text).toContain('Order acknowledgment for PO 4711: accepted.');
    expect(read.attachments).toHaveLength(1);
    expect(Buffer.from(read.attachments[0]!.bytes).equals(Buffer.from(csv))).toBe(true);
  });
});
