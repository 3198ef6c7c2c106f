import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { X12Interchange, X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { Invoice } from '../../src/core/documents.ts';
import { toGatewayErrorShape } from '../../src/core/errors.ts';
import { Order, type OrderInput } from '../../src/core/order.ts';
import { readX12Sync } from '../../src/x12/reader.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import { type Encode810Input, encode810, resolveInvoice } from './encode-810.ts';
import { buildSet } from './fixtures/build-set.ts';
import { wrapSet } from './fixtures/envelope.ts';
import { type InvoiceMapResult, mapInvoice } from './map-810.ts';

const VERSIONS = ['004010', '005010'] as const;

function order(lines: OrderInput['lines'], extra: Partial<OrderInput> = {}): Order {
  return Order.parse({
    id: 'ord_1',
    partnerId: 'harbor-pine',
    channel: 'x12',
    poNumber: 'PO-1001',
    poDate: '2026-03-01',
    purpose: 'original',
    orderType: 'stand_alone',
    currency: 'USD',
    parties: {},
    dates: {},
    references: {},
    lines,
    totals: { lineCount: lines.length, quantity: '0' },
    source: { messageId: 'msg_1' },
    ...extra,
  });
}

const line = (lineNumber: string, quantity: string, unitPrice?: string, extra = {}) => ({
  lineNumber,
  quantity,
  uom: 'EA',
  ...(unitPrice === undefined ? {} : { unitPrice }),
  items: { upc: `0000000000${lineNumber}`, vendorItem: `V-${lineNumber}` },
  ...extra,
});

const invoice = (total: string, extra: Partial<Invoice> = {}): Invoice => ({
  invoiceNumber: 'INV-1',
  orderId: 'ord_1',
  invoiceDate: '2026-03-05',
  total,
  ...extra,
});

const rich = order([line('1', '24', '4.75', { description: 'Towel' }), line('2', '12', '12.50')], {
  parties: {
    billTo: {
      name: 'H&P AP',
      idQualifier: '92',
      id: 'AP1',
      address: { lines: ['PO Box 1'], city: 'Portland' },
    },
    shipTo: {
      name: 'Store 118',
      address: { lines: ['1 Main St', 'Dock 3'], region: 'OR', postalCode: '97401' },
    },
    seller: { name: 'Cedar Loom', id: 'CL' },
  },
  terms: { discountPercent: '2', discountDays: 10, netDays: 30, description: '2% 10 NET 30' },
  references: { department: '0042', vendorNumber: 'V-88', raw: [] },
});
const tiny = order([line('1', '1', '0.1'), line('2', '1', '0.2')]);
const large = order([line('1', '7', '1234567890123.45')]);

const CASES: Record<string, Omit<Encode810Input, 'version'>> = {
  'default lines and prices': { order: rich, invoice: invoice('264.00') },
  'explicit lines, one repriced': {
    order: rich,
    invoice: invoice('114', { lines: [{ lineNumber: '2', quantity: '10', unitPrice: '11.40' }] }),
    shipDate: '2026-03-04',
  },
  'an allowance and a charge': {
    order: rich,
    invoice: invoice('277.60', {
      terms: { netDays: 45 },
      allowancesCharges: [
        { type: 'allowance', code: 'C310', description: 'Discount', amount: '11.40' },
        { type: 'charge', amount: '25' },
      ],
    }),
  },
  '0.1 + 0.2 (floats give 0.30000000000000004)': {
    order: tiny,
    invoice: invoice('0.4', { allowancesCharges: [{ type: 'charge', code: 'D240', amount: '0.1' }] }),
  },
  'a large total': { order: large, invoice: invoice('8641975230864.15') },
};

function decodeAll(input: string | Buffer): InvoiceMapResult[] {
  const results: InvoiceMapResult[] = [];
  for (const event of readX12Sync(input)) {
    if (event.kind === 'error') throw new Error(event.diagnostics.map((d) => d.message).join('; '));
    if (event.kind !== 'transaction' || event.set.type !== '810') continue;
    expect(event.set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    results.push(mapInvoice(event.set));
  }
  return results;
}

const segment = (body: readonly SegmentData[], tag: string) => body.find((s) => s[0] === tag);

describe.each(VERSIONS)('encode810 %s', (version) => {
  it.each(Object.entries(CASES))('%s: parses in node-x12 strict mode with the right SE01', (_, input) => {
    const body = encode810({ ...input, version });
    const parsed = new X12Parser(true).parse(wrapSet('810', body, version));
    expect(parsed).toBeInstanceOf(X12Interchange);
    const [group] = (parsed as X12Interchange).functionalGroups;
    expect(group?.header.valueOf(1)).toBe('IN');
    const [set] = group?.transactions ?? [];
    expect(set?.header.valueOf(1)).toBe('810');
    expect(set?.segments.map((s) => s.tag)).toEqual(body.map((s) => s[0]));
    expect(set?.trailer.valueOf(1)).toBe(String(body.length + 2));
  });

  it.each(Object.entries(CASES))('%s: decodes back to the invoice as encoded', (_, input) => {
    const [result, ...rest] = decodeAll(wrapSet('810', encode810({ ...input, version }), version));
    expect(rest).toEqual([]);
    expect(result?.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
    // an inbound 810 names the PO number (BIG04), not our order id
    const expected = { ...resolveInvoice(input.invoice, input.order), orderId: input.order.poNumber };
    expect(result?.invoice).toEqual(expected);
  });
});

describe('encode810 contents', () => {
  it('fills lines, prices and terms from the order and writes every item ID with its X12 qualifier', () => {
    const body = encode810({ ...CASES['default lines and prices']!, version: '004010' });
    expect(segment(body, 'BIG')).toEqual(['BIG', '20260305', 'INV-1', '20260301', 'PO-1001']);
    expect(body.filter((s) => s[0] === 'REF')).toEqual([
      ['REF', 'DP', '0042'],
      ['REF', 'IA', 'V-88'],
    ]);
    expect(body.filter((s) => s[0] === 'N1').map((s) => s[1])).toEqual(['BT', 'ST', 'RE']);
    expect(body.filter((s) => s[0] === 'N3')).toEqual([
      ['N3', 'PO Box 1'],
      ['N3', '1 Main St', 'Dock 3'],
    ]);
    // ITD-03 discount %, ITD-05 discount days, ITD-07 net days, ITD-12 description
    const itd = segment(body, 'ITD');
    expect([itd?.[1], itd?.[3], itd?.[5], itd?.[7], itd?.[12]]).toEqual([
      '01',
      '2',
      '10',
      '30',
      '2% 10 NET 30',
    ]);
    expect(body.filter((s) => s[0] === 'IT1')).toEqual([
      ['IT1', '1', '24', 'EA', '4.75', '', 'UP', '00000000001', 'VN', 'V-1'],
      ['IT1', '2', '12', 'EA', '12.50', '', 'UP', '00000000002', 'VN', 'V-2'],
    ]);
    expect(segment(body, 'PID')).toEqual(['PID', 'F', '', '', '', 'Towel']);
    expect(segment(body, 'CTT')).toEqual(['CTT', '2', '36']);
    expect(segment(body, 'DTM')).toBeUndefined();
  });

  it('writes DTM*011 when the ship date is known, and SAC amounts in cents', () => {
    const body = encode810({ ...CASES['explicit lines, one repriced']!, version: '005010' });
    expect(segment(body, 'DTM')).toEqual(['DTM', '011', '20260304']);
    const sacs = encode810({ ...CASES['an allowance and a charge']!, version: '004010' }).filter(
      (s) => s[0] === 'SAC',
    );
    expect(sacs.map((s) => [s[1], s[2], s[5], s[15]])).toEqual([
      ['A', 'C310', '1140', 'Discount'],
      ['C', 'ZZZZ', '2500', ''],
    ]);
  });

  it('writes TDS in exact cents', () => {
    const tds = (o: Order, total: string) =>
      segment(encode810({ order: o, invoice: invoice(total), version: '004010' }), 'TDS');
    expect(tds(order([line('1', '1', '1234.5')]), '1234.5')).toEqual(['TDS', '123450']);
    expect(tds(tiny, '0.3')).toEqual(['TDS', '30']);
    expect(tds(large, '8641975230864.15')).toEqual(['TDS', '864197523086415']);
  });

  it.each([
    ['a total that is not the sum', tiny, invoice('0.30000000000000004'), 'invoice.total_mismatch'],
    [
      'a total that ignores the charge',
      tiny,
      invoice('0.3', { allowancesCharges: [{ type: 'charge', amount: '1' }] }),
      'invoice.total_mismatch',
    ],
    ['fractions of a cent', order([line('1', '3', '0.335')]), invoice('1.005'), 'invoice.amount_precision'],
    [
      'an unknown line',
      tiny,
      invoice('1', { lines: [{ lineNumber: '9', quantity: '1' }] }),
      'invoice.unknown_line',
    ],
    ['a line without a price', order([line('1', '1')]), invoice('1'), 'invoice.price_missing'],
  ])('refuses %s with a permanent error', (_, o, inv, code) => {
    let thrown: unknown;
    try {
      encode810({ order: o, invoice: inv, version: '004010' });
    } catch (error) {
      thrown = error;
    }
    expect(toGatewayErrorShape(thrown)).toMatchObject({ kind: 'permanent', code });
  });
});

describe('map-810 on the corpus', () => {
  const dir = fileURLToPath(new URL('../../test/fixtures/x12/x12-810/', import.meta.url));
  const lineCounts: Record<string, number[]> = {
    'edinet_810_004010_ariba_tabs_bom_short_isa.edi': [2],
    'oopfactory_810_004010_walmart_cr_terminator_isa12_00040.txt': [1],
    'oopfactory_810_004030_two_invoices_caret_repetition.txt': [4, 1],
    'staedi_810_004010_two_invoices.edi': [7, 2],
    'stupidedi_810_004010_pipe_element_separator.edi': [2],
  };
  const files = readdirSync(dir).filter((name) => /\.(edi|txt)$/.test(name));

  it('knows every corpus 810; a set without BIG04 gives no invoice', () => {
    expect(files.sort()).toEqual(Object.keys(lineCounts).sort());
    const result = mapInvoice(buildSet(['BIG*20260101*INV-9', 'IT1*1*2*EA*3', 'TDS*600'], { type: '810' }));
    expect(result.invoice).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain('x12.mapping.po_number_missing');
  });

  it.each(files)('%s decodes into valid canonical invoices', (file) => {
    const results = decodeAll(readFileSync(dir + file));
    expect(results.map((r) => r.invoice?.lines?.length)).toEqual(lineCounts[file]);
    for (const result of results) {
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(Invoice.parse(result.invoice)).toEqual(result.invoice);
    }
  });

  it('reads TDS, terms, a line allowance and PO number from the Walmart sample', () => {
    const [result] = decodeAll(
      readFileSync(`${dir}oopfactory_810_004010_walmart_cr_terminator_isa12_00040.txt`),
    );
    expect(result?.invoice).toEqual({
      invoiceNumber: '6463367',
      orderId: '3376103367',
      invoiceDate: '2005-02-05',
      terms: { netDays: 45 },
      lines: [{ lineNumber: '1', quantity: '1080', unitPrice: '3.61' }],
      allowancesCharges: [{ type: 'allowance', code: 'I410', amount: '23.50' }],
      total: '3875.30',
    });
    expect(result?.diagnostics.map((d) => d.code)).not.toContain('x12.mapping.invoice_total');
  });
});
