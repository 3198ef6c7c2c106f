import { readdirSync, readFileSync } from 'node:fs';
import { X12Interchange, X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { Acknowledgment } from '../../src/core/documents.ts';
import { readX12Sync } from '../../src/x12/reader.ts';
import type { TransactionSet } from '../../src/x12/types.ts';
import { type AcknowledgedOrder, type Encode855Input, encode855 } from './encode-855.ts';
import { wrapSet } from './fixtures/envelope.ts';
import { mapPurchaseOrderAcknowledgment } from './map-855.ts';

const CORPUS = new URL('../../test/fixtures/x12/x12-855/', import.meta.url);

function transactions(text: string | Buffer): TransactionSet[] {
  return [...readX12Sync(text)].flatMap((event) => (event.kind === 'transaction' ? [event.set] : []));
}

const order: AcknowledgedOrder = {
  poNumber: 'PO-7781',
  poDate: '2026-01-12',
  dates: { requestedShip: '2026-02-02' },
  parties: {
    shipTo: {
      name: 'STORE 118',
      idQualifier: '92',
      id: '0118',
      address: {
        lines: ['418 FORE STREET', 'DOCK 3', 'SUITE 9'],
        city: 'PORTLAND',
        region: 'ME',
        postalCode: '04101',
      },
    },
  },
  references: { department: '0420', raw: [] },
  lines: [
    {
      lineNumber: '1',
      quantity: '12',
      uom: 'CA',
      unitPrice: '18.40',
      items: { upc: '012345678905', vendorItem: 'V-1' },
    },
    {
      lineNumber: '2',
      quantity: '30.5',
      uom: 'LB',
      unitPrice: '4.25',
      items: { ean: '4006381333931', sku: 'S-2' },
    },
    { lineNumber: '3', quantity: '4', uom: 'EA', items: { buyerItem: 'B-3', gtin: '10012345678919' } },
  ],
};

const acknowledgments: Record<string, Acknowledgment> = {
  accepted: {
    orderId: 'PO-7781',
    status: 'accepted',
    lines: [
      { lineNumber: '1', status: 'accepted', quantity: '12' },
      { lineNumber: '2', status: 'accepted', quantity: '30.5' },
      { lineNumber: '3', status: 'accepted', quantity: '4' },
    ],
  },
  accepted_with_changes: {
    orderId: 'PO-7781',
    status: 'accepted_with_changes',
    lines: [
      { lineNumber: '1', status: 'quantity_changed', quantity: '8' },
      { lineNumber: '2', status: 'backordered', quantity: '30.5' },
      { lineNumber: '3', status: 'price_changed', quantity: '4', unitPrice: '49.95' },
    ],
  },
  // the supplier may answer only some lines of a large order
  partial_with_rejection: {
    orderId: 'PO-7781',
    status: 'accepted_with_changes',
    lines: [
      { lineNumber: '3', status: 'rejected', quantity: '0' },
      { lineNumber: '1', status: 'accepted', quantity: '12' },
    ],
  },
  rejected: {
    orderId: 'PO-7781',
    status: 'rejected',
    lines: order.lines.map((line) => ({
      lineNumber: line.lineNumber,
      status: 'rejected' as const,
      quantity: '0',
    })),
  },
};

const cases = Object.entries(acknowledgments).flatMap(([name, acknowledgment]) =>
  (['004010', '005010'] as const).map((version) => ({ name, version, acknowledgment })),
);

describe('encode855', () => {
  it.each(cases)(
    '$name $version parses in node-x12 strict mode with correct SE01',
    ({ acknowledgment, version }) => {
      const text = wrapSet(
        '855',
        encode855({ acknowledgment, order, ackDate: '2026-01-13', version }),
        version,
      );
      const parsed = new X12Parser(true).parse(text);
      expect(parsed).toBeInstanceOf(X12Interchange);
      const [group] = (parsed as X12Interchange).functionalGroups;
      expect(group?.header.valueOf(1)).toBe('PR');
      const [set] = group!.transactions;
      expect(set!.header.valueOf(1)).toBe('855');
      // SE01 counts ST and SE too
      expect(set!.trailer.valueOf(1)).toBe(String(set!.segments.length + 2));
      expect(set!.segments.filter((s) => s.tag === 'PO1')).toHaveLength(acknowledgment.lines.length);
      // our own reader finds nothing wrong with it either
      expect(transactions(text).flatMap((s) => s.diagnostics)).toEqual([]);
    },
  );

  it.each(cases)(
    '$name $version round-trips through the reader and map-855',
    ({ acknowledgment, version }) => {
      const text = wrapSet(
        '855',
        encode855({ acknowledgment, order, ackDate: '2026-01-13', version }),
        version,
      );
      const [set, ...rest] = transactions(text);
      expect(rest).toEqual([]);
      const result = mapPurchaseOrderAcknowledgment(set!);
      expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(result.acknowledgment).toEqual(acknowledgment);
    },
  );

  it('writes BAK, REF, DTM, the ship-to loop, PO1/ACK pairs and CTT with an exact hash total', () => {
    const body = encode855({
      acknowledgment: acknowledgments.accepted_with_changes!,
      order,
      ackDate: '2026-01-13',
      version: '004010',
    });
    expect(body).toEqual([
      ['BAK', '00', 'AC', 'PO-7781', '20260112', '', '', '', '', '20260113'],
      ['REF', 'DP', '0420'],
      ['DTM', '068', '20260202'],
      ['N1', 'ST', 'STORE 118', '92', '0118'],
      ['N3', '418 FORE STREET', 'DOCK 3'],
      ['N3', 'SUITE 9'],
      ['N4', 'PORTLAND', 'ME', '04101', ''],
      ['PO1', '1', '12', 'CA', '18.40', '', 'UP', '012345678905', 'VN', 'V-1'],
      ['ACK', 'IQ', '8', 'CA', '068', '20260202'],
      ['PO1', '2', '30.5', 'LB', '4.25', '', 'EN', '4006381333931', 'SK', 'S-2'],
      ['ACK', 'IB', '30.5', 'LB', '', ''],
      ['PO1', '3', '4', 'EA', '49.95', '', 'UK', '10012345678919', 'IN', 'B-3'],
      ['ACK', 'IP', '4', 'EA', '068', '20260202'],
      // 12 + 30.5 + 4 ordered: decimal, not binary floating point
      ['CTT', '3', '46.5'],
    ]);
  });

  it('refuses an acknowledgment that contradicts itself or the order', () => {
    const base: Encode855Input = {
      acknowledgment: acknowledgments.accepted!,
      order,
      ackDate: '2026-01-13',
      version: '004010',
    };
    const bad: Acknowledgment[] = [
      { ...acknowledgments.accepted!, lines: [{ lineNumber: '9', status: 'accepted', quantity: '1' }] },
      { ...acknowledgments.accepted!, lines: [{ lineNumber: '1', status: 'accepted', quantity: '11' }] },
      { ...acknowledgments.rejected!, lines: [{ lineNumber: '1', status: 'accepted', quantity: '12' }] },
      {
        ...acknowledgments.accepted!,
        lines: [acknowledgments.accepted!.lines[0]!, acknowledgments.accepted!.lines[0]!],
      },
      { ...acknowledgments.accepted!, lines: [{ lineNumber: '1', status: 'accepted', quantity: '1.' }] },
    ];
    for (const acknowledgment of bad) {
      expect(() => encode855({ ...base, acknowledgment })).toThrow(
        expect.objectContaining({ code: 'x12.855.invalid' }),
      );
    }
    expect(() => encode855({ ...base, ackDate: '2026-02-30' })).toThrow(
      expect.objectContaining({ code: 'x12.855.invalid' }),
    );
  });
});

/** Five lines of the wholesale example (issue 14) and a substitution: each ACK-01 code once. */
const wholesaleOrder: AcknowledgedOrder = {
  poNumber: 'PO-9001',
  poDate: '2026-03-02',
  dates: { requestedShip: '2026-03-09' },
  lines: [
    { lineNumber: '1', quantity: '10', uom: 'CA', unitPrice: '4.10', items: { upc: '012345678905' } },
    { lineNumber: '2', quantity: '3', uom: 'CA', unitPrice: '7.00', items: { vendorItem: 'SKU-2' } },
    { lineNumber: '3', quantity: '40', uom: 'EA', unitPrice: '1.25', items: { vendorItem: 'SKU-3' } },
    { lineNumber: '4', quantity: '5', uom: 'EA', unitPrice: '9.99', items: { buyerItem: 'B-UNKNOWN' } },
    { lineNumber: '5', quantity: '6', uom: 'EA', unitPrice: '2.50', items: { vendorItem: 'SKU-5' } },
    { lineNumber: '6', quantity: '12', uom: 'EA', unitPrice: '3.00', items: { vendorItem: 'SKU-OLD' } },
  ],
};

const mixed: Acknowledgment = {
  orderId: 'PO-9001',
  status: 'accepted_with_changes',
  erpOrderNumber: 'SO-448812',
  lines: [
    { lineNumber: '1', status: 'price_changed', quantity: '10', unitPrice: '4.35' },
    { lineNumber: '2', status: 'quantity_changed', quantity: '6' },
    { lineNumber: '3', status: 'backordered', quantity: '40' },
    { lineNumber: '4', status: 'rejected', quantity: '0', reason: 'unknown item' },
    { lineNumber: '5', status: 'accepted', quantity: '6' },
    {
      lineNumber: '6',
      status: 'substituted',
      quantity: '12',
      items: { sku: 'SKU-NEW', gtin: '4006381333931' },
    },
  ],
};

describe('encode855 per-line outcomes', () => {
  it.each(['004010', '005010'] as const)(
    'writes BAK08 and IP, IQ, IB, IR, IA, IS lines that node-x12 reads element by element (%s)',
    (version) => {
      const text = wrapSet(
        '855',
        encode855({ acknowledgment: mixed, order: wholesaleOrder, ackDate: '2026-03-03', version }),
        version,
      );
      const parsed = new X12Parser(true).parse(text) as X12Interchange;
      const segments = parsed.functionalGroups[0]!.transactions[0]!.segments;
      const bak = segments.find((s) => s.tag === 'BAK')!;
      // BAK-02 AC: some lines changed; BAK-08 the seller's (ERP) order number; BAK-09 acknowledgment date
      expect([1, 2, 3, 4, 8, 9].map((n) => bak.valueOf(n))).toEqual([
        '00',
        'AC',
        'PO-9001',
        '20260302',
        'SO-448812',
        '20260303',
      ]);
      const po1 = segments.filter((s) => s.tag === 'PO1');
      // PO1-04: the new price on the IP line, the order's elsewhere
      expect(po1.map((s) => s.valueOf(4))).toEqual(['4.35', '7.00', '1.25', '9.99', '2.50', '3.00']);
      const acks = segments.filter((s) => s.tag === 'ACK');
      expect(acks.map((s) => [s.valueOf(1), s.valueOf(2), s.valueOf(3), s.valueOf(4), s.valueOf(5)])).toEqual(
        [
          ['IP', '10', 'CA', '068', '20260309'],
          // IQ: ACK-02 the new quantity
          ['IQ', '6', 'CA', '068', '20260309'],
          // IB: the backordered quantity, no ship date
          ['IB', '40', 'EA', null, null],
          // IR: nothing acknowledged
          ['IR', '0', 'EA', null, null],
          ['IA', '6', 'EA', '068', '20260309'],
          ['IS', '12', 'EA', '068', '20260309'],
        ],
      );
      // IS: ACK-06 empty, ACK-07/08 VP our SKU, ACK-09/10 EN the 13-digit GTIN
      const substitute = acks[5]!;
      expect([6, 7, 8, 9, 10].map((n) => substitute.valueOf(n))).toEqual([
        '',
        'VP',
        'SKU-NEW',
        'EN',
        '4006381333931',
      ]);
      expect(acks.slice(0, 5).every((s) => s.valueOf(7) === null)).toBe(true);
      expect(transactions(text).flatMap((s) => s.diagnostics)).toEqual([]);
    },
  );

  it.each(['004010', '005010'] as const)(
    'round-trips the mixed acknowledgment through map-855 (%s)',
    (version) => {
      const text = wrapSet(
        '855',
        encode855({ acknowledgment: mixed, order: wholesaleOrder, ackDate: '2026-03-03', version }),
        version,
      );
      const result = mapPurchaseOrderAcknowledgment(transactions(text)[0]!);
      expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      // the reason has no element in ACK
      const { reason: _reason, ...rejected } = mixed.lines[3]!;
      expect(result.acknowledgment).toEqual({
        ...mixed,
        lines: mixed.lines.map((l, i) => (i === 3 ? rejected : l)),
      });
    },
  );

  it('names a substitute by the GTIN qualifier its length calls for', () => {
    const gtins = { '012345678905': 'UP', '4006381333931': 'EN', '10012345678919': 'UK' };
    for (const [gtin, qualifier] of Object.entries(gtins)) {
      const body = encode855({
        acknowledgment: {
          orderId: 'PO-9001',
          status: 'accepted_with_changes',
          lines: [{ lineNumber: '6', status: 'substituted', quantity: '12', items: { gtin } }],
        },
        order: wholesaleOrder,
        ackDate: '2026-03-03',
        version: '004010',
      });
      expect(body.find((s) => s[0] === 'ACK')).toEqual([
        'ACK',
        'IS',
        '12',
        'EA',
        '068',
        '20260309',
        '',
        qualifier,
        gtin,
      ]);
    }
  });

  it('writes IR with ACK-02 0 whatever quantity the rejected line carries', () => {
    const body = encode855({
      acknowledgment: {
        orderId: 'PO-9001',
        status: 'rejected',
        lines: [{ lineNumber: '4', status: 'rejected', quantity: '5', reason: 'unknown item' }],
      },
      order: wholesaleOrder,
      ackDate: '2026-03-03',
      version: '004010',
    });
    expect(body[0]).toEqual(['BAK', '00', 'RJ', 'PO-9001', '20260302', '', '', '', '', '20260303']);
    expect(body.find((s) => s[0] === 'ACK')).toEqual(['ACK', 'IR', '0', 'EA', '', '']);
  });

  it('refuses a line whose ACK-01 code would hide or lack what changed', () => {
    const base = { order: wholesaleOrder, ackDate: '2026-03-03', version: '004010' } as const;
    const one = (
      line: Acknowledgment['lines'][number],
      status: Acknowledgment['status'] = 'accepted_with_changes',
    ) => encode855({ ...base, acknowledgment: { orderId: 'PO-9001', status, lines: [line] } });
    const bad: [Acknowledgment['lines'][number], Acknowledgment['status']?][] = [
      // IP without the new price
      [{ lineNumber: '1', status: 'price_changed', quantity: '10' }],
      // IS without the substitute's IDs
      [{ lineNumber: '6', status: 'substituted', quantity: '12' }],
      [{ lineNumber: '6', status: 'substituted', quantity: '12', items: { sku: ' ' } }],
      // IA at another price than the order's
      [{ lineNumber: '5', status: 'accepted', quantity: '6', unitPrice: '2.60' }],
      // IA with another quantity, under AC too
      [{ lineNumber: '5', status: 'accepted', quantity: '4' }],
      // AD with a substitution, RJ with a backorder
      [{ lineNumber: '6', status: 'substituted', quantity: '12', items: { sku: 'SKU-NEW' } }, 'accepted'],
      [{ lineNumber: '3', status: 'backordered', quantity: '40' }, 'rejected'],
    ];
    for (const [line, status] of bad) {
      expect(() => one(line, status)).toThrow(expect.objectContaining({ code: 'x12.855.invalid' }));
    }
    // the same price written differently is the same price
    expect(() =>
      one({ lineNumber: '5', status: 'accepted', quantity: '6.0', unitPrice: '2.5' }, 'accepted'),
    ).not.toThrow();
  });

  it('writes a new price of an IQ or IB line in PO1-04: ACK-01 has one code per line', () => {
    const body = encode855({
      order: wholesaleOrder,
      ackDate: '2026-03-03',
      version: '004010',
      acknowledgment: {
        orderId: 'PO-9001',
        status: 'accepted_with_changes',
        lines: [
          // rounded up to the pack and at our price
          { lineNumber: '2', status: 'quantity_changed', quantity: '6', unitPrice: '6.50' },
          { lineNumber: '3', status: 'backordered', quantity: '40', unitPrice: '1.20' },
        ],
      },
    });
    expect(body.filter((s) => s[0] === 'PO1' || s[0] === 'ACK')).toEqual([
      ['PO1', '2', '3', 'CA', '6.50', '', 'VN', 'SKU-2'],
      ['ACK', 'IQ', '6', 'CA', '068', '20260309'],
      ['PO1', '3', '40', 'EA', '1.20', '', 'VN', 'SKU-3'],
      ['ACK', 'IB', '40', 'EA', '', ''],
    ]);
  });
});

/** PO1 lines per 855 set of each corpus file. */
const CORPUS_LINES: Record<string, number[]> = {
  'nodex12_855_004010_books_ack_codes.edi': [4],
  'oboe_855_004010_tilde_elem_sep_lf_terminator_12_sets.edi': [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  'oopfactory_855_004010_simmons_two_sets.txt': [2, 1],
  'staedi_855_004010_two_transactions_one_group.edi': [0, 0],
  'stedi_855_005010_dropship_ack.edi': [2],
  'stupidedi_855_004010_brace_component_sep.edi': [1],
};

describe('map-855 on the 855 corpus', () => {
  const files = readdirSync(CORPUS).filter((name) => /\.(edi|txt)$/.test(name));

  it('knows every corpus file', () => {
    expect(files.sort()).toEqual(Object.keys(CORPUS_LINES).sort());
  });

  it.each(files)('%s decodes into valid acknowledgments', (file) => {
    const sets = transactions(readFileSync(new URL(file, CORPUS))).filter((set) => set.type === '855');
    const results = sets.map((set) => mapPurchaseOrderAcknowledgment(set));
    expect(results.map((r) => r.acknowledgment?.lines.length)).toEqual(CORPUS_LINES[file]);
    for (const [index, result] of results.entries()) {
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(() => Acknowledgment.parse(result.acknowledgment)).not.toThrow();
      const bak = sets[index]!.segments.find((s) => s.tag === 'BAK')!;
      // orderId is the buyer's PO number (BAK03)
      expect(result.acknowledgment?.orderId).toBe(bak.elements[3]);
    }
  });

  it('reads statuses and quantities of the books 855 (ACK IA/IR under BAK02 AD)', () => {
    const [set] = transactions(readFileSync(new URL('nodex12_855_004010_books_ack_codes.edi', CORPUS)));
    const { acknowledgment, diagnostics } = mapPurchaseOrderAcknowledgment(set!);
    expect(acknowledgment?.status).toBe('accepted');
    expect(acknowledgment?.lines.map((l) => [l.lineNumber, l.status, l.quantity])).toEqual([
      ['1', 'accepted', '3'],
      ['2', 'rejected', '0'],
      ['3', 'rejected', '0'],
      ['4', 'accepted', '2'],
    ]);
    // AD promises no change but two lines are rejected; CTT02 5 sums ACK02, not PO102, which is allowed
    expect(diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual([
      'x12.mapping.855_status_mismatch',
    ]);
  });

  it('keeps the meaning of ACK01 codes finer than the canonical status as the reason (OBOE R2)', () => {
    const [set] = transactions(
      readFileSync(new URL('oboe_855_004010_tilde_elem_sep_lf_terminator_12_sets.edi', CORPUS)),
    );
    const { acknowledgment } = mapPurchaseOrderAcknowledgment(set!);
    // BAK02 NA says nothing about the outcome: every line was rejected
    expect(acknowledgment?.status).toBe('rejected');
    expect(acknowledgment?.lines[0]).toEqual({
      lineNumber: '1',
      status: 'rejected',
      quantity: '0',
      reason: 'R2: invalid item product number',
    });
  });
});
