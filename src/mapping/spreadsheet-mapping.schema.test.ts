import { describe, expect, it } from 'vitest';
import { mappingFileSchema, resolveMapping } from './mapping-file.ts';
import { columnIndex, SpreadsheetMappingFile } from './spreadsheet-mapping.schema.ts';

const minimal = { document: 'spreadsheet', version: 1, locale: { decimal: ',', dateOrder: 'dmy' } };

describe('spreadsheet mapping files', () => {
  it('is the schema the loader picks for spreadsheet.vN.yaml', () => {
    expect(mappingFileSchema('spreadsheet')).toBe(SpreadsheetMappingFile);
    expect(SpreadsheetMappingFile.parse(minimal)).toEqual(minimal);
  });

  it('needs a locale, and headers or a position for each column it names', () => {
    expect(SpreadsheetMappingFile.safeParse({ document: 'spreadsheet', version: 1 }).success).toBe(false);
    expect(SpreadsheetMappingFile.safeParse({ ...minimal, columns: { quantity: {} } }).success).toBe(false);
    expect(
      SpreadsheetMappingFile.safeParse({ ...minimal, columns: { colour: { position: 2 } } }).success,
    ).toBe(false);
    expect(
      SpreadsheetMappingFile.safeParse({ ...minimal, columns: { sku: { position: 'c' } } }).success,
    ).toBe(false);
    expect(
      SpreadsheetMappingFile.safeParse({ ...minimal, columns: { sku: { position: 'C', headers: ['Art'] } } })
        .success,
    ).toBe(true);
  });

  it('fills the default currency from the partner unless the file names one, and the pack unit with EA', () => {
    const resolved = resolveMapping(
      SpreadsheetMappingFile.parse({ ...minimal, transforms: { quantity: { multiplyByPackSize: true } } }),
      { defaultCurrency: 'EUR' },
    );
    expect(resolved).toMatchObject({
      defaults: { currency: 'EUR' },
      transforms: { quantity: { uom: 'EA' } },
    });
    const own = SpreadsheetMappingFile.parse({ ...minimal, defaults: { currency: 'CHF' } });
    expect(resolveMapping(own, { defaultCurrency: 'EUR' })).toMatchObject({ defaults: { currency: 'CHF' } });
  });

  it('counts column letters as Excel does', () => {
    expect(columnIndex('A')).toBe(0);
    expect(columnIndex('C')).toBe(2);
    expect(columnIndex('Z')).toBe(25);
    expect(columnIndex('AA')).toBe(26);
    expect(columnIndex(3)).toBe(2);
  });
});
