import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mappingsFixture } from '../../../test/support/mapping-studio.ts';
import { detectColumns } from './column-detect.ts';
import { validateMappingYaml } from './mapping-yaml.ts';
import { spreadsheetMappingYaml } from './spreadsheet-yaml.ts';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/spreadsheets/${name}`, import.meta.url)));

describe('detectColumns', () => {
  it('finds the header row under the labels of an order form and suggests the default fields', async () => {
    const detected = await detectColumns(fixture('en_order_form_comma_utf8.csv'), 'order.csv');
    expect(detected.tableFound).toBe(true);
    expect(detected.headerRow).toBe(6);
    expect(detected.columns.map((c) => `${c.letter} ${c.header} ${c.suggested ?? '-'}`)).toEqual([
      'A SKU sku',
      'B Description description',
      'C Qty quantity',
      'D Unit price unitPrice',
      'E EAN ean',
    ]);
    expect(detected.rows[0]).toEqual({
      row: 7,
      cells: ['HP-1001', 'Oak shelf, 80 cm', '4', '24.90', '4006381333931'],
    });
  });

  it("shows a partner's own headers the default does not know, for a person to match", async () => {
    const bytes = readFileSync(
      mappingsFixture('harbor-pine/fixtures/spreadsheet.v1/store-replenishment.csv'),
    );
    const detected = await detectColumns(bytes, 'store-replenishment.csv');
    expect(detected.headerRow).toBe(5);
    expect(detected.columns.map((c) => c.header)).toEqual([
      'Store',
      'H&P #',
      'Vendor Style',
      'Description',
      'Cases',
      'Case Pack',
      'Unit Cost',
    ]);
    expect(detected.columns.find((c) => c.header === 'Description')?.suggested).toBe('description');
    expect(detected.rows).toHaveLength(4);
  });
});

describe('spreadsheetMappingYaml', () => {
  const columns = [
    { header: 'H&P #', letter: 'B', field: 'buyerItem' as const },
    { header: 'Cases', letter: 'E', field: 'quantity' as const },
    { header: '', letter: 'G', field: 'unitPrice' as const },
    { header: 'Store', letter: 'A', field: '' as const },
  ];

  it('writes a mapping the loader accepts: headers as written, a headerless column by its letter', () => {
    const yaml = spreadsheetMappingYaml({
      version: 3,
      locale: { decimal: '.', dateOrder: 'mdy' },
      columns,
      defaults: { currency: 'USD', uom: '' },
    });
    const check = validateMappingYaml(yaml, 'spreadsheet', 3);
    expect(check.problems).toEqual([]);
    expect(check.file).toEqual({
      document: 'spreadsheet',
      version: 3,
      locale: { decimal: '.', dateOrder: 'mdy' },
      columns: {
        buyerItem: { headers: ['H&P #'] },
        quantity: { headers: ['Cases'] },
        unitPrice: { position: 'G' },
      },
      defaults: { currency: 'USD' },
    });
  });

  it('refuses two columns feeding one field, naming the second', () => {
    expect(() =>
      spreadsheetMappingYaml({
        locale: { decimal: ',', dateOrder: 'dmy' },
        columns: [...columns, { header: 'Qty', letter: 'H', field: 'quantity' }],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'mapping.draft_invalid',
        details: [{ path: 'columns.4.field', message: 'quantity is already read from column E' }],
      }),
    );
  });
});
