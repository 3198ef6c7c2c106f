import { describe, expect, it } from 'vitest';
import { SpreadsheetMappingFile } from '../../src/mapping/spreadsheet-mapping.schema.ts';
import { DEFAULT_HEADERS, DEFAULT_LABELS, normalizeLabel } from './default-mapping.ts';
import type { SheetRow } from './sheet.ts';
import { columnLetter, findTable } from './table-find.ts';
import { tableSpec } from './table-spec.ts';
import { sheetOf } from './table-test-sheet.ts';

async function rowsOf(iterable: AsyncIterable<SheetRow>): Promise<number[]> {
  const rows: number[] = [];
  for await (const row of iterable) rows.push(row.row);
  return rows;
}

describe('findTable', () => {
  it('skips titles and blank rows, reads labels above the header, and ends at the totals row', async () => {
    const sheet = sheetOf(
      [
        ['Bestellung', null, null, null],
        ['Bestellnummer:', null, '4711-B', null],
        ['Datum: 03.12.2026', null, null, null],
        [null, null, null, null],
        ['Pos.', 'Art.-Nr.', 'Bezeichnung', 'Menge'],
        [1, 'A-100', 'Kerze', 4],
        [null, null, null, null],
        [2, 'A-200', 'Decke', 2],
        ['Summe', null, null, 6],
        ['Vielen Dank!', null, null, null],
      ],
      'Auftrag',
    );
    const table = await findTable(sheet, tableSpec());
    expect(table).toMatchObject({
      sheet: 'Auftrag',
      headerRow: 5,
      columns: [
        { field: 'lineNumber', index: 0, header: 'Pos.' },
        { field: 'item', index: 1, header: 'Art.-Nr.' },
        { field: 'description', index: 2, header: 'Bezeichnung' },
        { field: 'quantity', index: 3, header: 'Menge' },
      ],
      labels: [
        { field: 'poNumber', value: '4711-B', row: 2, label: 'Bestellnummer' },
        { field: 'poDate', value: '03.12.2026', row: 3, label: 'Datum' },
      ],
    });
    expect(await rowsOf(table!.rows)).toEqual([6, 8]);
    expect(table!.totals?.row).toBe(9);
  });

  it('takes the row naming the most known columns as the header', async () => {
    const sheet = sheetOf([
      ['Qty', 'Item'],
      ['Line', 'Item no.', 'Description', 'Qty', 'Unit price'],
      [1, 'X', 'thing', 2, 3],
    ]);
    const table = await findTable(sheet, tableSpec());
    expect(table?.headerRow).toBe(2);
    expect(table?.columns.map((c) => c.field)).toEqual([
      'lineNumber',
      'item',
      'description',
      'quantity',
      'unitPrice',
    ]);
  });

  it('finds no table without a quantity and an item column', async () => {
    expect(
      await findTable(
        sheetOf([
          ['Description', 'Qty'],
          ['thing', 2],
        ]),
        tableSpec(),
      ),
    ).toBeUndefined();
    expect(
      await findTable(
        sheetOf([
          ['Name', 'Address'],
          ['Ann', 'Main St'],
        ]),
        tableSpec(),
      ),
    ).toBeUndefined();
    expect(await findTable(sheetOf([]), tableSpec())).toBeUndefined();
  });

  it("prefers the partner's headers and fixes positioned columns", async () => {
    const mapping = SpreadsheetMappingFile.parse({
      document: 'spreadsheet',
      version: 1,
      locale: { decimal: '.', dateOrder: 'mdy' },
      columns: { quantity: { headers: ['Cases'] }, vendorItem: { position: 'B' } },
    });
    const sheet = sheetOf([
      ['Qty on hand', 'Style', 'Cases', 'Item', 'Qty'],
      [5, 'ST-1', 2, 'X', 9],
    ]);
    const table = await findTable(sheet, tableSpec(mapping));
    expect(table?.columns).toEqual([
      { field: 'vendorItem', index: 1, header: 'Style' },
      { field: 'quantity', index: 2, header: 'Cases' },
      { field: 'item', index: 3, header: 'Item' },
    ]);
  });

  it('matches headers ignoring case, accents, punctuation, spaces and a unit in brackets', async () => {
    const sheet = sheetOf([
      ['QTÉ', 'réf', 'Prix unitaire (EUR)'],
      [1, 'R', 2],
    ]);
    const table = await findTable(sheet, tableSpec());
    expect(table?.columns.map((c) => c.field)).toEqual(['quantity', 'item', 'unitPrice']);
  });

  it('reads a value in the cell right of its label, skipping empty cells, and the first value of each label', async () => {
    const sheet = sheetOf([
      ['Order form'],
      ['Customer', null, 'Harbor & Pine', 'PO number', 'HP-1'],
      ['PO number', 'HP-2'],
      ['Ship to:', 'Store 112\n1 Main St'],
      ['Qty', 'SKU'],
      [1, 'A'],
    ]);
    const table = await findTable(sheet, tableSpec());
    expect(table?.labels.map((l) => [l.field, l.value])).toEqual([
      ['buyer', 'Harbor & Pine'],
      ['poNumber', 'HP-1'],
      ['shipTo', 'Store 112\n1 Main St'],
    ]);
  });
});

describe('the default mapping', () => {
  it('names each header text for one field only, and each label for one field', () => {
    const seen = new Map<string, string>();
    for (const [field, texts] of Object.entries(DEFAULT_HEADERS))
      for (const text of texts) {
        const key = normalizeLabel(text);
        expect(seen.get(key) ?? field, `${text} is both ${seen.get(key)} and ${field}`).toBe(field);
        seen.set(key, field);
      }
    const labels = new Map<string, string>();
    for (const [field, texts] of Object.entries(DEFAULT_LABELS))
      for (const text of texts) {
        const key = normalizeLabel(text);
        expect(labels.get(key) ?? field, `${text}`).toBe(field);
        labels.set(key, field);
      }
  });

  it('writes column letters as Excel does', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
