import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from './read.ts';
import { detectDelimiter } from './read-delimiter.ts';
import { detectEncoding } from './read-encoding.ts';
import { type Cell, DEFAULT_SPREADSHEET_LIMITS } from './sheet.ts';

const FIXTURES = new URL('../../test/fixtures/spreadsheets/', import.meta.url);
const bytesOf = (name: string) => readFileSync(new URL(name, FIXTURES));

/** The one sheet of a CSV as `[row, ...cells]` lines. */
async function grid(
  bytes: Uint8Array,
  maxRows = DEFAULT_SPREADSHEET_LIMITS.maxRows,
): Promise<[number, ...Cell[]][]> {
  const sheets = await readSpreadsheet({ bytes }, { limits: { ...DEFAULT_SPREADSHEET_LIMITS, maxRows } });
  expect(sheets).toHaveLength(1);
  expect(sheets[0]!.name).toBeUndefined();
  const lines: [number, ...Cell[]][] = [];
  for await (const { row, cells } of sheets[0]!.rows) lines.push([row, ...cells]);
  return lines;
}
const fixtureGrid = (name: string) => grid(bytesOf(name));

describe('readSpreadsheet on CSV fixtures', () => {
  it('reads an English order form: quoted commas, doubled quotes and a line break stay in one cell', async () => {
    expect(await fixtureGrid('en_order_form_comma_utf8.csv')).toEqual([
      [1, 'Order form'],
      [2, 'Order no.: 4711-B'],
      [3, 'Date: 2026-12-03'],
      [4, 'Ship to: Harbor & Pine, 12 Dock Road, Portland ME 04101'],
      [6, 'SKU', 'Description', 'Qty', 'Unit price', 'EAN'],
      [7, 'HP-1001', 'Oak shelf, 80 cm', '4', '24.90', '4006381333931'],
      [8, 'HP-1002', 'Pine crate "Large"\r\n(stackable)', '12', '9.50', '0012345678905'],
      [9, 'HP-1003', 'Brass hook', '100', '0.85'],
      [11, 'Total', null, '116', '301.60'],
    ]);
  });

  it('reads Excel\'s German "CSV UTF-8": BOM dropped, semicolons, decimal commas kept as text', async () => {
    const lines = await fixtureGrid('de_bestellung_semicolon_utf8_bom.csv');
    expect(lines[0]).toEqual([1, 'Bestellung']);
    expect(lines.find(([row]) => row === 6)).toEqual([
      6,
      'Art.-Nr.',
      'Bezeichnung',
      'Anzahl',
      'Stückpreis',
      'Liefertermin',
    ]);
    expect(lines.find(([row]) => row === 9)).toEqual([
      9,
      '20-0815',
      'Werkzeugkoffer „Profi“',
      '2',
      '1.234,50',
      '17.12.2026',
    ]);
    expect(lines.at(-1)).toEqual([11, 'Gesamt', null, '1002', '2.554,00']);
    expect(lines.map(([row]) => row)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11]);
  });

  it('reads Windows-1252 when the bytes are not UTF-8', async () => {
    expect(await fixtureGrid('fr_commande_semicolon_windows1252.csv')).toEqual([
      [1, 'Bon de commande'],
      [2, 'Commande n° : CF-2026-042'],
      [3, 'Date : 03/12/2026'],
      [5, 'Référence', 'Désignation', 'Quantité', 'Prix unitaire'],
      [6, 'FR-001', 'Crème brûlée (lot de 6)', '3', '12,50 €'],
      [7, 'FR-002', 'Pâté en croûte', '1', '8,90 €'],
      [8, 'FR-003', 'Eau minérale 1,5 l', '24', '0,65 €'],
    ]);
  });

  it('reads Excel\'s "Unicode text": UTF-16LE, tab-delimited', async () => {
    expect(await fixtureGrid('sv_bestallning_tab_utf16le.txt')).toEqual([
      [1, 'Beställning'],
      [2, 'Ordernummer:', 'SE-77120'],
      [4, 'Artikelnr', 'Benämning', 'Antal', 'À-pris'],
      [5, 'SE-100', 'Köttbullar 1 kg', '10', '89,00'],
      [6, 'SE-101', 'Lingonsylt', '24', '32,50'],
      [7, 'SE-102', 'Knäckebröd "Råg"', '6', '24,00'],
    ]);
  });

  it('reads a pipe-delimited ERP export, keeping the leading zeros of EANs', async () => {
    expect(await fixtureGrid('es_pedido_pipe_utf8.csv')).toEqual([
      [1, 'Pedido de compra', 'PC-2026-9001'],
      [2, 'Fecha', '2026-12-03'],
      [3, 'Referencia', 'Descripción', 'Cantidad', 'Precio unitario', 'EAN'],
      [4, 'ES-01', 'Aceite de oliva 1 l', '12', '6.75', '08410000000011'],
      [5, 'ES-02', 'Azafrán 1 g', '50', '4.20', '08410000000028'],
      [6, 'ES-03', 'Jamón serrano', '2', '89.00'],
    ]);
  });

  it('reads commas as the delimiter when the decimal commas are quoted', async () => {
    expect(await fixtureGrid('nl_bestelling_comma_lf.csv')).toEqual([
      [1, 'Bestelling'],
      [2, 'Ordernummer: NL-33'],
      [3, 'Artikelnummer', 'Omschrijving', 'Aantal', 'Prijs per stuk'],
      [4, 'NL-1', 'Stroopwafels', '40', '2,15'],
      [5, 'NL-2', 'Hagelslag', '1.200', '1,05'],
      [6, 'NL-3', 'Drop (zout)', '15', '3,40'],
      [7, 'Totaal', null, '1.255', '1.397,00'],
    ]);
  });

  it('reads several orders in one file, one line per row', async () => {
    const lines = await fixtureGrid('en_several_orders_grouped_by_po.csv');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toEqual([
      2,
      'PO-1001',
      '12/03/2026',
      '1',
      '00012345678905',
      'BI-77',
      '6',
      'CS',
      '18.00',
    ]);
    expect(lines[4]).toEqual([
      5,
      'PO-1003',
      '12/04/2026',
      '1',
      '00614141000012',
      'BI-90',
      '1',
      'EA',
      '1,234.50',
    ]);
  });

  it('reads the rows of the row-level problem files as they are, for the table finder to judge', async () => {
    expect((await fixtureGrid('broken_bad_quantity.csv'))[2]).toEqual([3, 'A-2', 'Gadget', 'five', '2.00']);
    expect((await fixtureGrid('broken_no_item.csv'))[2]).toEqual([3, null, null, '7', '2.00']);
    expect((await fixtureGrid('broken_bad_price.csv'))[2]).toEqual([3, 'A-2', 'Gadget', '2', 'ask me']);
    expect(await fixtureGrid('broken_no_header.csv')).toEqual([
      [1, 'Hello'],
      [3, 'please send us ten boxes of the usual screws and two crates.'],
      [4, 'Thanks', 'Anna'],
    ]);
  });

  it('reads the corpus export with its 22 columns and doubled quotes', async () => {
    const lines = await fixtureGrid('corpus_dfe_computacenter_sales_order_export_two_orders.csv');
    expect(lines.map((line) => line.length)).toEqual([23, 23, 23]);
    expect(lines[2]![13]).toBe(':COK:DFE: HP 250 G7 N40000 15.6" 4/128GB');
    expect(lines[2]![9]).toBe("119534 Skerton St Luke's CE School");
    expect(lines[1]![16]).toBeNull();
  });
});

describe('readSpreadsheet on broken CSV', () => {
  it('names the row whose quote never closes', async () => {
    await expect(fixtureGrid('broken_unclosed_quote.csv')).rejects.toMatchObject({
      code: 'file.unreadable',
      message: expect.stringMatching(/quoted value in row 2 never ends/),
    });
  });

  it('takes a file of separators only for empty', async () => {
    await expect(fixtureGrid('broken_only_separators.csv')).rejects.toMatchObject({ code: 'file.empty' });
  });

  it('stops at the row limit', async () => {
    await expect(grid(bytesOf('en_several_orders_grouped_by_po.csv'), 5)).rejects.toMatchObject({
      code: 'file.too_many_rows',
    });
    expect(await grid(bytesOf('en_several_orders_grouped_by_po.csv'), 6)).toHaveLength(6);
  });

  it("reads a large file across the decoder's chunks, a split character whole", async () => {
    const line = 'Artikel-ÄÖÜ-€;Größe;1,50\r\n';
    const bytes = iconv.encode(`Art.-Nr.;Bezeichnung;Preis\r\n${line.repeat(20_000)}`, 'utf-8');
    let count = 0;
    const sheets = await readSpreadsheet({ bytes });
    for await (const { row, cells } of sheets[0]!.rows) {
      count++;
      if (row > 1) expect(cells).toEqual(['Artikel-ÄÖÜ-€', 'Größe', '1,50']);
    }
    expect(count).toBe(20_001);
  });
});

describe('detectEncoding', () => {
  it('follows a BOM, else takes valid UTF-8 for UTF-8 and anything else for Windows-1252', () => {
    expect(detectEncoding(Buffer.from('\ufeffa;b', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('Größe', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('Größe 12,50 €', 'windows-1252'))).toBe('windows-1252');
  });

  it('reads UTF-16BE text', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      iconv.encode('Antal\tPris\r\n3\t89,00\r\n', 'utf-16be'),
    ]);
    expect(await grid(bytes)).toEqual([
      [1, 'Antal', 'Pris'],
      [2, '3', '89,00'],
    ]);
  });
});

describe('detectDelimiter', () => {
  it('picks the candidate the most lines agree on, the larger count on a tie', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n', true)).toBe(',');
    expect(detectDelimiter('Titel\nA;B;C\n1,5;2;3\n2,5;4;5\n', true)).toBe(';');
    expect(detectDelimiter('A\tB\n1\t2\n', true)).toBe('\t');
    expect(detectDelimiter('A|B|C\n1|2|3\n', true)).toBe('|');
    expect(detectDelimiter('just one column\nno separators\n', true)).toBe(',');
  });

  it('ignores delimiters inside quoted fields, line breaks included, but not after an inch mark', () => {
    expect(detectDelimiter('a;b\n"x,y,\nz";1\n"p,q";2\n', true)).toBe(';');
    // Taken for an opening quote, the inch mark would hide the commas of the lines below and leave the `;`s of
    // the quoted values outside.
    expect(detectDelimiter('sku,desc,qty\nA,15.6" screen,1\nB,"5;6;7",2\nC,"8;9;0",3\n', true)).toBe(',');
  });

  it('does not count a last line that may be cut short', () => {
    expect(detectDelimiter('a;b;c\nx,y\np,q', false)).toBe(';');
    expect(detectDelimiter('a;b;c\nx,y\np,q', true)).toBe(',');
  });
});
