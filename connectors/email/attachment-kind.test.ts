import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachmentKind } from './attachment-kind.ts';
import { parseMail } from './parse-mail.ts';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array([...b, ...text(' rest of the file')]);

describe('attachmentKind', () => {
  it('trusts the bytes over the name and content type', async () => {
    const mail = await parseMail(
      new Uint8Array(
        readFileSync(
          new URL('../../test/fixtures/eml/orderintake_xlsx_po_attachment_octet_stream.eml', import.meta.url),
        ),
      ),
    );
    const workbook = mail.attachments[0]!.bytes;
    expect(attachmentKind('order.bin', 'application/octet-stream', workbook)).toBe('xlsx');
    expect(attachmentKind('order.csv', 'text/csv', workbook)).toBe('xlsx');
    const isa = '\uFEFF\r\n  ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *';
    expect(attachmentKind('po.txt', 'text/plain', text(isa))).toBe('x12');
    expect(attachmentKind('po.csv', 'text/csv', text('ISA*00*'))).toBe('x12');
  });

  it('tells a workbook from other zip files and an .xls from other OLE2 files', () => {
    const zip = (entry: string) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text(`....${entry}....`)]);
    expect(attachmentKind('a.xlsx', '', zip('xl/workbook.xml'))).toBe('xlsx');
    expect(attachmentKind('a.docx', '', zip('word/document.xml'))).toBe('other');
    const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    expect(attachmentKind('order.xls', 'application/vnd.ms-excel', bytes(...ole2))).toBe('xls');
    expect(attachmentKind('attachment', 'application/octet-stream', bytes(...ole2))).toBe('xls');
    expect(attachmentKind('letter.doc', 'application/msword', bytes(...ole2))).toBe('other');
    expect(attachmentKind('po.pdf', 'application/pdf', text('%PDF-1.7'))).toBe('other');
  });

  it('knows XML, cXML without a declaration included', () => {
    expect(attachmentKind('po.xml', 'text/xml', text('<?xml version="1.0"?><cXML/>'))).toBe('xml');
    expect(attachmentKind('po', 'application/octet-stream', text('\n<cXML payloadID="1">'))).toBe('xml');
    expect(attachmentKind('po', '', text('<Order xmlns="urn:oasis">'))).toBe('xml');
  });

  it('takes delimited text as CSV, whatever its name, and single-column text only by its name or type', () => {
    expect(attachmentKind('export.txt', 'text/plain', text('sku;qty\nA;1\nB;2\n'))).toBe('csv');
    expect(attachmentKind('x', 'application/octet-stream', text('sku\tqty\r\nA\t1\r\n'))).toBe('csv');
    expect(attachmentKind('items.csv', 'application/octet-stream', text('sku\nA\nB\n'))).toBe('csv');
    expect(attachmentKind('note.txt', 'text/plain', text('Please ship soon, thanks'))).toBe('other');
    expect(attachmentKind('logo.png', 'image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toBe(
      'other',
    );
    expect(attachmentKind('empty.csv', 'text/csv', new Uint8Array())).toBe('other');
  });
});
