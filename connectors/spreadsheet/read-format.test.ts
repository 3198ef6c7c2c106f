import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../../src/core/errors.ts';
import { readSpreadsheet } from './read.ts';
import { detectFormat } from './read-format.ts';
import type { SpreadsheetFile } from './sheet.ts';

const FIXTURES = new URL('../../test/fixtures/spreadsheets/', import.meta.url);
const fixture = (name: string): SpreadsheetFile => ({
  bytes: readFileSync(new URL(name, FIXTURES)),
  filename: name,
});

/** The code and kind `fn` fails with. */
function failure(fn: () => unknown): { code: string; kind: string; message: string } {
  try {
    fn();
  } catch (error) {
    return toGatewayErrorShape(error);
  }
  throw new Error('expected a failure');
}

describe('detectFormat', () => {
  it('takes a ZIP for an XLSX and text for a CSV, whatever the file is called', () => {
    expect(detectFormat(fixture('en_order_form_merged_hidden_formulas.xlsx'))).toBe('xlsx');
    const workbook = fixture('corpus_heron_bestellung_mouser_de_bezeichnung_bestellnummer_anzahl.xlsx');
    expect(detectFormat({ ...workbook, filename: 'order.csv', contentType: 'text/csv' })).toBe('xlsx');
    const csv = fixture('de_bestellung_semicolon_utf8_bom.csv');
    expect(detectFormat({ ...csv, filename: 'Bestellung.xls' })).toBe('csv');
    expect(detectFormat(fixture('sv_bestallning_tab_utf16le.txt'))).toBe('csv');
    expect(detectFormat(fixture('fr_commande_semicolon_windows1252.csv'))).toBe('csv');
  });

  it('tells an Excel 97-2003 workbook from a password-protected one, both OLE2 files', () => {
    const legacy = failure(() => detectFormat(fixture('broken_legacy_excel97.xls')));
    expect(legacy).toMatchObject({ code: 'file.legacy_xls', kind: 'partner_rejectable' });
    expect(legacy.message).toBe(
      'this is an old Excel 97-2003 file (.xls): save it as .xlsx or .csv and send it again',
    );
    const locked = failure(() => detectFormat(fixture('broken_password_protected.xlsx')));
    expect(locked).toMatchObject({ code: 'file.encrypted', kind: 'partner_rejectable' });
    expect(locked.message).toMatch(/remove the password/);
  });

  it('refuses a binary file that is no workbook, naming the name it came under', () => {
    const png = {
      bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      filename: 'order.xlsx',
    };
    const refused = failure(() => detectFormat(png));
    expect(refused.code).toBe('file.unreadable');
    expect(refused.message).toMatch(/although it is named order\.xlsx/);
    const pdf = { bytes: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1') };
    expect(failure(() => detectFormat(pdf)).code).toBe('file.unreadable');
    expect(failure(() => detectFormat({ bytes: Buffer.from('PK\u0005\u0006', 'latin1') })).code).toBe(
      'file.unreadable',
    );
  });
});

describe('readSpreadsheet, before any row', () => {
  it('refuses an empty file and one over the size limit', async () => {
    await expect(readSpreadsheet(fixture('broken_empty.csv'))).rejects.toMatchObject({ code: 'file.empty' });
    const limits = {
      maxBytes: 1000,
      maxRows: 10,
      maxSheets: 5,
      maxUncompressedBytes: 1e6,
      maxCompressionRatio: 100,
    };
    await expect(
      readSpreadsheet(fixture('en_order_form_merged_hidden_formulas.xlsx'), { limits }),
    ).rejects.toMatchObject({
      code: 'file.too_large',
      kind: 'partner_rejectable',
    });
  });

  it('answers the OLE2 files with their own codes', async () => {
    await expect(readSpreadsheet(fixture('broken_legacy_excel97.xls'))).rejects.toMatchObject({
      code: 'file.legacy_xls',
    });
    await expect(readSpreadsheet(fixture('broken_password_protected.xlsx'))).rejects.toMatchObject({
      code: 'file.encrypted',
    });
  });
});
