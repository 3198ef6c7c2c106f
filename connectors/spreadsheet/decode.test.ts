import { describe, expect, it } from 'vitest';
import { Order } from '../../src/core/order.ts';
import { SpreadsheetMappingFile } from '../../src/mapping/spreadsheet-mapping.schema.ts';
import { type DecodeSpreadsheetOptions, decodeSpreadsheet } from './decode.ts';
import type { Cell } from './sheet.ts';
import { sheetOf } from './table-test-sheet.ts';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

function options(overrides: Partial<DecodeSpreadsheetOptions> = {}): DecodeSpreadsheetOptions {
  let ids = 0;
  return {
    fileName: 'order.xlsx',
    partnerId: 'harbor-pine',
    channel: 'email',
    settings: { defaultCurrency: 'USD', badRows: 'reject-file' },
    messageId: 'msg-1',
    newId: () => `order-${++ids}`,
    now: () => new Date('2026-12-01T10:00:00Z'),
    fileSha256: SHA,
    ...overrides,
  };
}

const mapping = (file: object) => ({
  version: 3,
  mapping: SpreadsheetMappingFile.parse({ document: 'spreadsheet', version: 3, ...file }),
});

const decode = (rows: Cell[][], o?: Partial<DecodeSpreadsheetOptions>) =>
  decodeSpreadsheet([sheetOf(rows, 'Order')], options(o));

describe('decodeSpreadsheet', () => {
  it('reads an order form with labels above its table into one canonical order', async () => {
    const result = await decode([
      ['Order form'],
      ['Order no.: 4711-B'],
      ['Date', '2026-11-30'],
      ['Customer', 'Harbor & Pine'],
      ['Ship to', 'Store 112\n1 Main St'],
      [],
      ['Line', 'SKU', 'Description', 'Qty', 'Unit', 'Unit price', 'EAN'],
      [10, 'CAN-1', 'Candle', 4, 'Stück', '€ 12,50', '4006381333931'],
      [20, 'THR-2', 'Throw', 2, 'Karton', 30, null],
      ['Total', null, null, 6, null, null, null],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.mapping).toBe('default');
    expect(result.orders).toHaveLength(1);
    const order = result.orders[0]!;
    expect(Order.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      id: 'order-1',
      partnerId: 'harbor-pine',
      channel: 'email',
      poNumber: '4711-B',
      poDate: '2026-11-30',
      purpose: 'original',
      currency: 'EUR',
      parties: {
        buyer: { name: 'Harbor & Pine' },
        shipTo: { name: 'Store 112', address: { lines: ['1 Main St'] } },
      },
      lines: [
        {
          lineNumber: '10',
          quantity: '4',
          uom: 'EA',
          unitPrice: '12.50',
          items: { sku: 'CAN-1', ean: '4006381333931' },
          description: 'Candle',
        },
        { lineNumber: '20', quantity: '2', uom: 'CS', unitPrice: '30', items: { sku: 'THR-2' } },
      ],
      totals: { lineCount: 2, quantity: '6', amount: '110' },
      source: { messageId: 'msg-1' },
    });
  });

  it('names file, sheet, row and header in every problem, and rejects the file by default', async () => {
    const result = await decode([
      ['Artikel', 'Menge', 'Preis', 'EAN'],
      ['A', 'fünf', 1, null],
      ['B', 2.5, 1, null],
      ['C', 1, 'ask me', null],
      ['D', 1, 1, '4006381333932'],
      [null, 3, 1, null],
      ['F', 1, 1, null],
    ]);
    expect(result.orders).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.sheet, p.file])).toEqual([
      ['row.quantity_invalid', 2, 'Menge', 'Order', 'order.xlsx'],
      ['row.quantity_not_whole', 3, 'Menge', 'Order', 'order.xlsx'],
      ['row.price_invalid', 4, 'Preis', 'Order', 'order.xlsx'],
      ['row.gtin_invalid', 5, 'EAN', 'Order', 'order.xlsx'],
      ['row.item_missing', 6, 'Artikel', 'Order', 'order.xlsx'],
      ['file.po_generated', undefined, undefined, undefined, 'order.xlsx'],
    ]);
  });

  it('keeps the good rows when the partner accepts them, numbering lines by their place', async () => {
    const rows: Cell[][] = [
      ['Artikel', 'Menge'],
      ['A', 1],
      ['B', 0],
      ['C', 3],
    ];
    const result = await decode(rows, { settings: { defaultCurrency: 'CHF', badRows: 'accept-good-rows' } });
    expect(result.problems.map((p) => p.code)).toEqual(['row.quantity_invalid', 'file.po_generated']);
    expect(result.orders[0]).toMatchObject({
      poNumber: 'SS-a1b2c3d4',
      poDate: '2026-12-01',
      currency: 'CHF',
      lines: [{ lineNumber: '1' }, { lineNumber: '3' }],
    });
  });

  it('groups the orders of one file by their PO column, a blank PO cell joining the order above', async () => {
    const result = await decode([
      ['PO Number', 'Order date', 'Item', 'Qty', 'Delivery date'],
      ['PO-1', '2026-11-02', 'A', 1, '2026-12-10'],
      [null, null, 'B', 2, '2026-12-11'],
      ['PO-2', '2026-11-03', 'A', 5, null],
      ['PO-1', null, 'C', 1, null],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.orders.map((o) => [o.poNumber, o.poDate, o.lines.map((l) => l.items.sku)])).toEqual([
      ['PO-1', '2026-11-02', ['A', 'B', 'C']],
      ['PO-2', '2026-11-03', ['A']],
    ]);
    expect(result.orders[0]).toMatchObject({
      dates: { requestedDelivery: '2026-12-10' },
      notes: ['Line 2: requested delivery 2026-12-11'],
    });
  });

  it("reads numbers and dates by the partner mapping's locale, and refuses to guess without one", async () => {
    const rows: Cell[][] = [
      ['Order date', 'SKU', 'Qty', 'Price'],
      ['03/04/2026', 'A', '1,000', '1,250'],
    ];
    const guessed = await decode(rows);
    expect(guessed.problems.map((p) => [p.code, p.column])).toEqual([
      ['row.number_ambiguous', 'Qty'],
      ['row.number_ambiguous', 'Price'],
      ['row.date_ambiguous', 'Order date'],
      ['file.po_generated', undefined],
    ]);
    const us = await decode(rows, { mapping: mapping({ locale: { decimal: '.', dateOrder: 'mdy' } }) });
    expect(us.mapping).toEqual({ version: 3 });
    expect(us.orders[0]).toMatchObject({ poNumber: 'SS-20260304-a1b2c3d4', poDate: '2026-03-04' });
    expect(us.orders[0]?.lines[0]).toMatchObject({ quantity: '1000', unitPrice: '1250' });
    // a German partner's 1,000 is one piece and 1,250 one and a quarter euros
    const de = await decode(rows, { mapping: mapping({ locale: { decimal: ',', dateOrder: 'dmy' } }) });
    expect(de.orders[0]).toMatchObject({
      poDate: '2026-04-03',
      lines: [{ quantity: '1.000', unitPrice: '1.250' }],
    });
  });

  it('turns cases into eaches by the pack size, and reads a bare Item column as the mapping says', async () => {
    const result = await decode(
      [
        ['H&P #', 'Item', 'Cases', 'Case Pack'],
        ['HP-1', '4006381333931', 2, 12],
        ['HP-2', '96385074', 1, null],
      ],
      {
        mapping: mapping({
          locale: { decimal: '.', dateOrder: 'mdy' },
          columns: { buyerItem: { headers: ['H&P #'] }, quantity: { headers: ['Cases'] } },
          identifier: 'gtin',
          transforms: { quantity: { multiplyByPackSize: true } },
        }),
        settings: { defaultCurrency: 'USD', badRows: 'accept-good-rows' },
      },
    );
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['row.pack_size_invalid', 3, 'Case Pack'],
      ['file.po_generated', undefined, undefined],
    ]);
    expect(result.orders[0]?.lines).toEqual([
      {
        lineNumber: '1',
        quantity: '24',
        uom: 'EA',
        items: { buyerItem: 'HP-1', gtin: '4006381333931' },
        pack: { innerPack: '12' },
      },
    ]);
  });

  it('warns when the totals row disagrees, and flags prices in another currency and repeated line numbers', async () => {
    const result = await decode(
      [
        ['Currency: USD'],
        ['Pos', 'SKU', 'Qty', 'Price'],
        [1, 'A', 2, '$3.00'],
        [1, 'B', 1, '€4.00'],
        ['Total', null, 4, null],
      ],
      { settings: { defaultCurrency: 'USD', badRows: 'accept-good-rows' } },
    );
    expect(result.problems.map((p) => [p.code, p.severity, p.row, p.column])).toEqual([
      ['file.totals_mismatch', 'warning', 5, 'Qty'],
      ['row.line_number_duplicate', 'error', 4, undefined],
      ['row.currency_mismatch', 'error', 4, undefined],
      ['file.po_generated', 'warning', undefined, undefined],
    ]);
    expect(result.orders[0]?.lines.map((l) => l.items.sku)).toEqual(['A']);
  });

  it('finds no table in a letter, and says so', async () => {
    const result = await decode([['Hello, please send us ten boxes of candles.']]);
    expect(result).toMatchObject({
      orders: [],
      unusable: true,
      problems: [{ code: 'file.no_header', file: 'order.xlsx' }],
    });
  });

  it('tells a table without lines, and an unreadable label date rejects every order', async () => {
    const empty = await decode([
      ['SKU', 'Qty', 'Description'],
      [null, null, 'Thank you'],
    ]);
    expect(empty.problems.map((p) => p.code)).toEqual(['row.no_lines']);
    const result = await decode([['Date: 31.02.2026'], ['PO', 'SKU', 'Qty'], ['P1', 'A', 1]], {
      settings: { defaultCurrency: 'USD', badRows: 'accept-good-rows' },
    });
    expect(result.orders).toEqual([]);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        code: 'row.date_invalid',
        message: 'Date 31.02.2026 is not a date',
        file: 'order.xlsx',
        sheet: 'Order',
        row: 1,
        column: 'Date',
      },
    ]);
  });

  it('reads only the sheet the mapping names, and skips sheets without a table', async () => {
    const sheets = [
      sheetOf([['Notes only']], 'Notes'),
      sheetOf(
        [
          ['SKU', 'Qty'],
          ['A', 1],
        ],
        'Order',
      ),
      sheetOf(
        [
          ['SKU', 'Qty'],
          ['B', 1],
        ],
        'Old',
      ),
    ];
    const all = await decodeSpreadsheet(sheets, options());
    expect(all.orders[0]?.lines.map((l) => l.items.sku)).toEqual(['A', 'B']);
    const named = await decodeSpreadsheet(
      [
        sheetOf(
          [
            ['SKU', 'Qty'],
            ['A', 1],
          ],
          'Order',
        ),
        sheetOf(
          [
            ['SKU', 'Qty'],
            ['B', 1],
          ],
          'Old',
        ),
      ],
      options({ mapping: mapping({ sheet: 'Old', locale: { decimal: '.', dateOrder: 'ymd' } }) }),
    );
    expect(named.orders[0]?.lines.map((l) => l.items.sku)).toEqual(['B']);
  });
  it.each([
    ['a title of its own', [['Order change'], ['Order no.: 4711-B']]],
    ['a German title', [['Bestelländerung'], ['Bestellnummer', '4711-B']]],
    ['the value of a purpose label', [['Purpose: Change'], ['Order no.: 4711-B']]],
    ['a purpose label and the cell to its right', [['Zweck', 'Änderung'], ['Order no.: 4711-B']]],
  ] as [string, Cell[][]][])(
    'reads a sheet marked as a change (%s) as a replacement of the order',
    async (_, above) => {
      const result = await decode([...above, [], ['Line', 'SKU', 'Qty'], [1, 'CAN-1', 4], [2, 'THR-2', 2]]);
      expect(result.problems).toEqual([]);
      expect(result.orders[0]).toMatchObject({ poNumber: '4711-B', purpose: 'replace' });
      expect(result.orders[0]!.lines.map((l) => [l.lineNumber, l.quantity, l.change])).toEqual([
        ['1', '4', undefined],
        ['2', '2', undefined],
      ]);
    },
  );

  it('keeps an order form whose purpose label names no change an original', async () => {
    const result = await decode([
      ['Purpose: New order'],
      ['Order no.: 4711-B'],
      ['Line', 'SKU', 'Qty'],
      [1, 'CAN-1', 4],
    ]);
    expect(result.orders[0]?.purpose).toBe('original');
  });
});
