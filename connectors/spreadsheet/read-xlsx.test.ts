import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../../src/core/errors.ts';
import { type ReadSpreadsheetOptions, readSpreadsheet } from './read.ts';
import { type Cell, DEFAULT_SPREADSHEET_LIMITS, type Sheet } from './sheet.ts';
import { dataOffset, readZipDirectory } from './zip-directory.ts';

const FIXTURES = new URL('../../test/fixtures/spreadsheets/', import.meta.url);
const bytesOf = (name: string) => readFileSync(new URL(name, FIXTURES));
const day = (month: number, date: number) => new Date(Date.UTC(2026, month - 1, date));

type Line = [number, ...Cell[]];
async function linesOf(sheet: Sheet): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const { row, cells } of sheet.rows) lines.push([row, ...cells]);
  return lines;
}
/** Each sheet read, by name, as `[row, ...cells]` lines. */
async function sheetsOf(
  bytes: Uint8Array,
  options?: ReadSpreadsheetOptions,
): Promise<Record<string, Line[]>> {
  const sheets = await readSpreadsheet({ bytes }, options);
  const read: Record<string, Line[]> = {};
  for (const sheet of sheets) read[sheet.name!] = await linesOf(sheet);
  return read;
}
const limits = (changed: Partial<typeof DEFAULT_SPREADSHEET_LIMITS>) => ({
  ...DEFAULT_SPREADSHEET_LIMITS,
  ...changed,
});

describe('readSpreadsheet on XLSX fixtures', () => {
  it('reads an order form: merged ranges filled, the hidden line left out, formulas as their cached results', async () => {
    const HOOK = 'Harbor & Pine, 12 Dock Road, Portland ME 04101';
    expect(await sheetsOf(bytesOf('en_order_form_merged_hidden_formulas.xlsx'))).toEqual({
      'Order form': [
        [1, ...Array<string>(6).fill('Order form')],
        [2, 'Order no.: 4711-B'],
        [3, 'Date:', day(12, 3)],
        [4, 'Ship to:', HOOK, HOOK, HOOK],
        [6, 'SKU', 'Description', 'Qty', 'Unit price', 'GTIN', 'Line total'],
        [7, 'HP-1001', 'Oak shelf, 80 cm', 4, 24.9, '04006381333931', 99.6],
        [8, 'HP-1002', 'Pine crate large', 12, 9.5, '00012345678905', 114],
        [10, 'HP-1003', 'Brass hook', 100, 0.85, null, 85],
        [12, 'Total', null, 116, null, null, 301.6],
        [13, 'Checked', true],
      ],
    });
  });

  it('gives date cells as Dates and keeps text dates and decimal-comma text as text', async () => {
    const { Bestellung } = await sheetsOf(bytesOf('de_bestellung_dates_and_decimal_text.xlsx'));
    expect(Bestellung).toEqual([
      [1, 'Bestellung'],
      [2, 'Bestellnummer: 2026-0815'],
      [3, 'Bestelldatum: 03.12.2026'],
      [5, 'Art.-Nr.', 'EAN', 'Bezeichnung', 'Menge', 'Einheit', 'Stückpreis', 'Liefertermin'],
      [6, '10-4711', '04006381333931', 'Schraube M6', 500, 'Stk', 0.12, day(12, 10)],
      [7, '10-4712', '04006381333948', 'Mutter M6', 500, 'Stk', '0,05', '10.12.2026'],
      [8, '20-0815', null, 'Werkzeugkoffer', 2, 'Stk', '1.234,50', day(12, 17)],
      [10, 'Gesamt', null, null, 1002, null, '2.554,00'],
    ]);
  });

  it('repeats a PO number merged down over its lines on each line', async () => {
    const { Orders } = await sheetsOf(bytesOf('nl_orders_po_merged_down.xlsx'));
    expect(Orders).toEqual([
      [1, 'PO', 'Aantal', 'Artikelnummer', 'Prijs per stuk'],
      [2, 'NL-501', 10, 'A-1', 1.5],
      [3, 'NL-501', 20, 'A-2', 2.5],
      [4, 'NL-501', 30, 'A-3', 3.5],
      [5, 'NL-502', 5, 'B-1', 10],
      [6, 'NL-502', 6, 'B-2', 11],
      [8, 'Totaal', 71],
    ]);
  });

  it('gives GTINs stored as numbers as numbers', async () => {
    const { Pedido } = await sheetsOf(bytesOf('es_pedido_gtin_numbers.xlsx'));
    expect(Pedido).toEqual([
      [1, 'Pedido PC-2026-9002'],
      [3, 'Referencia', 'EAN', 'Cantidad', 'Precio unitario'],
      [4, 'ES-01', 8410000000011, 12, 6.75],
      [5, 'ES-02', 8410000000028, 50, 4.2],
    ]);
  });
});

describe('the sheets of a workbook', () => {
  const workbook = bytesOf('sv_order_on_second_sheet_hidden_lookup.xlsx');

  it('are the visible ones in tab order, unless one is named', async () => {
    expect(await sheetsOf(workbook)).toEqual({
      Notes: [[1, 'Prices as agreed in the 2026 frame contract.']],
      Order: [
        [1, 'Antal', 'Artikelnr', 'Pris'],
        [2, 3, 'SE-100', 89],
      ],
    });
    expect(Object.keys(await sheetsOf(workbook, { sheet: 'Order' }))).toEqual(['Order']);
    expect(Object.keys(await sheetsOf(workbook, { sheet: ' order' }))).toEqual(['Order']);
    expect(await sheetsOf(workbook, { sheet: 'Lookup' })).toEqual({ Lookup: [[1, 'SE-100']] });
  });

  it('can be read in any order, each from its own stream', async () => {
    const [notes, order] = await readSpreadsheet({ bytes: workbook });
    expect(await linesOf(order!)).toHaveLength(2);
    expect(await linesOf(notes!)).toHaveLength(1);
  });

  it('name the sheets there are when the one asked for is missing', async () => {
    await expect(readSpreadsheet({ bytes: workbook }, { sheet: 'Bestellung' })).rejects.toMatchObject({
      code: 'file.sheet_not_found',
      kind: 'partner_rejectable',
      message: expect.stringContaining('(its sheets: "Notes", "Order", "Lookup")'),
    });
  });

  it('are counted against the limit before any is read', async () => {
    const linked = bytesOf('corpus_ui5importer_orders_and_items_on_linked_sheets.xlsx');
    await expect(
      readSpreadsheet({ bytes: linked }, { limits: limits({ maxSheets: 4 }) }),
    ).rejects.toMatchObject({
      code: 'file.too_many_sheets',
    });
    const read = await sheetsOf(linked, { limits: limits({ maxSheets: 5 }) });
    expect(Object.keys(read)).toEqual([
      'Orders',
      'OrderItems',
      'ShippingDetails',
      'OrderItemsInfo',
      'OrderOwner',
    ]);
    expect(read.OrderItems).toEqual([
      [
        1,
        'Do not delete!',
        '{"entityType":"OrdersService.OrderItems","parentEntityType":"OrdersService.Orders"}',
      ],
      [2, 'XXOrdersId', 'XXItemsId', 'Quantity[quantity]', 'ProductTitle[title]'],
      [3, 1, 1, 2, 'Eleonora'],
      [4, 1, 2, 1, 'Wuthering Heights'],
      [5, 2, 3, 1, 'Catweazle'],
    ]);
  });
});

describe('readSpreadsheet on XLSX from the corpus', () => {
  it('reads a real German order list saved by Excel', async () => {
    const read = await sheetsOf(
      bytesOf('corpus_heron_bestellung_mouser_de_bezeichnung_bestellnummer_anzahl.xlsx'),
    );
    expect(read.Tabelle1).toEqual([
      [1, 'Bezeichnung', 'Bestellnummer', 'Anzahl'],
      [2, 'NE8FBV-C5-LED1-S', '568-NE8FBV-C5-LED1-S', 3],
      [3, 'NEO-M8P-2 GNSS Module', '377-NEO-M8P-2', 3],
      [4, 'GNSS Antenna: ANN-MB1-00', '377-ANN-MB1-00', 3],
      [5, 'SMA Connector: Amphenol 132114', '523-132114', 4],
    ]);
  });

  it('reads a workbook of inline strings whose formulas carry no results', async () => {
    const lines = (
      await sheetsOf(bytesOf('corpus_orderintake_po_title_rows_label_cells_merged_totals.xlsx'))
    )['Weekly Reorder']!;
    const row = (n: number) => lines.find(([r]) => r === n);
    expect(row(7)).toEqual([
      7,
      'PO Number:',
      'PO-2026-05847',
      'PO-2026-05847',
      'PO-2026-05847',
      'Buyer:',
      'David Vance',
      'David Vance',
    ]);
    expect(row(13)).toEqual([
      13,
      'Line',
      'GLFP Part #',
      'Description',
      'Qty',
      'UOM',
      'Unit Price',
      'Ext. Price',
    ]);
    // G14 is =D14*F14 saved without a value: null, so the row ends at F.
    expect(row(14)).toEqual([
      14,
      1,
      'GLFP-04821',
      'JIC 37 Male Straight Adapter, -6 (9/16-18 UNF), Steel ZN',
      48,
      'EA',
      3.08,
    ]);
    expect(row(29)).toEqual([29, null, null, null, null, null, 'TOTAL']);
    expect(lines.filter(([r]) => r >= 14 && r <= 25)).toHaveLength(12);
  });
});

describe('readSpreadsheet on broken XLSX', () => {
  it('refuses a zip bomb from its directory, before inflating it', async () => {
    await expect(readSpreadsheet({ bytes: bytesOf('broken_zip_bomb.xlsx') })).rejects.toMatchObject({
      code: 'file.zip_bomb',
      kind: 'partner_rejectable',
    });
    await expect(
      readSpreadsheet(
        { bytes: bytesOf('en_order_form_merged_hidden_formulas.xlsx') },
        { limits: limits({ maxUncompressedBytes: 10_000 }) },
      ),
    ).rejects.toMatchObject({ code: 'file.zip_bomb' });
  });

  it('stops a part that unpacks to more than it declared', async () => {
    const [sheet] = await readSpreadsheet({ bytes: bytesOf('broken_zip_declares_false_size.xlsx') });
    await expect(linesOf(sheet!)).rejects.toMatchObject({ code: 'file.zip_bomb' });
  });

  it('refuses a truncated workbook as unreadable', async () => {
    await expect(readSpreadsheet({ bytes: bytesOf('broken_truncated.xlsx') })).rejects.toMatchObject({
      code: 'file.unreadable',
      message: expect.stringMatching(/cut off/),
    });
  });

  it('answers damaged bytes anywhere in a workbook with a file problem, never another failure', async () => {
    const good = bytesOf('en_order_form_merged_hidden_formulas.xlsx');
    const outcomes = new Set<string>();
    for (let at = 0; at < good.length; at += 53) {
      const bytes = Buffer.from(good);
      bytes[at] = bytes[at]! ^ 0x5a;
      try {
        for (const sheet of await readSpreadsheet({ bytes })) await linesOf(sheet);
        outcomes.add('read');
      } catch (error) {
        const { code, kind } = toGatewayErrorShape(error);
        expect(kind, `byte ${at}`).toBe('partner_rejectable');
        outcomes.add(code);
      }
    }
    expect(outcomes).toContain('file.unreadable');
  });

  it('refuses a sheet whose compressed data is damaged', async () => {
    const bytes = Buffer.from(bytesOf('en_order_form_merged_hidden_formulas.xlsx'));
    const sheet = readZipDirectory(bytes).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    bytes.fill(0xff, dataOffset(bytes, sheet) + 10, dataOffset(bytes, sheet) + 60);
    const [read] = await readSpreadsheet({ bytes });
    await expect(linesOf(read!)).rejects.toMatchObject({ code: 'file.unreadable' });
  });

  it('stops at the row limit and takes a sheet without values for empty', async () => {
    const [order] = await readSpreadsheet(
      { bytes: bytesOf('en_order_form_merged_hidden_formulas.xlsx') },
      { limits: limits({ maxRows: 9 }) },
    );
    await expect(linesOf(order!)).rejects.toMatchObject({ code: 'file.too_many_rows' });
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Leer').getCell('B2').value = '   ';
    const [blank] = await readSpreadsheet({ bytes: Buffer.from(await book.xlsx.writeBuffer()) });
    await expect(linesOf(blank!)).rejects.toMatchObject({
      code: 'file.empty',
      message: 'the sheet "Leer" is empty: there is no order in it to read',
    });
  });

  it('lets a reader stop after the first rows', async () => {
    const [sheet] = await readSpreadsheet({ bytes: bytesOf('en_order_form_merged_hidden_formulas.xlsx') });
    for await (const { row } of sheet!.rows) {
      expect(row).toBe(1);
      break;
    }
  });
});
