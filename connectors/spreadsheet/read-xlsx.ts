import { toGatewayErrorShape } from '../../src/core/errors.ts';
import { empty, sheetNotFound, tooManySheets, unreadable } from './read-errors.ts';
import { keptRows } from './read-rows.ts';
import { cellOf } from './read-xlsx-cells.ts';
import { scanLayout } from './read-xlsx-layout.ts';
import { MergeFiller } from './read-xlsx-merges.ts';
import { listSheets, openWorkbook, WORKSHEET_PART, type WorkbookSheet } from './read-xlsx-workbook.ts';
import type { Cell, Sheet, SheetRow, SpreadsheetLimits } from './sheet.ts';
import { readZipDirectory, type ZipEntry } from './zip-directory.ts';
import { checkEntry } from './zip-inflate.ts';
import { checkZipLimits } from './zip-limits.ts';

/** The parts every sheet's reader needs before the sheet itself, in the order it needs them. */
const SHARED_PARTS = [
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/styles.xml',
  'xl/sharedStrings.xml',
];

/** A row as exceljs's streaming reader gives it. */
interface StreamedRow {
  number: number;
  eachCell(callback: (cell: { value: unknown }, column: number) => void): void;
}

/**
 * The sheets of an XLSX workbook: the one named `sheet`, or else every visible sheet in tab order (the first
 * is the one Excel opens on). Nothing is inflated before the archive's directory passed the limits (size,
 * compression ratio, sheet count); each sheet's rows are then read by exceljs's streaming reader when they are
 * iterated, independently of the other sheets', and hold the cached results of formulas, never evaluated ones.
 * Hidden rows are left out and merged ranges filled with their top-left value (see {@link scanLayout}).
 *
 * @throws GatewayError `file.unreadable`, `file.zip_bomb`, `file.too_many_sheets`, `file.sheet_not_found`,
 *   `file.empty`; while rows are read also `file.too_many_rows`, `file.empty`, `file.unreadable`
 */
export async function readXlsx(
  bytes: Uint8Array,
  options: { sheet?: string; limits: SpreadsheetLimits },
): Promise<Sheet[]> {
  const { limits } = options;
  try {
    const entries = readZipDirectory(bytes);
    checkZipLimits(entries, limits);
    const parts = new Map(entries.map((entry) => [entry.name, entry]));
    const workbookPart = parts.get('xl/workbook.xml');
    const relationshipsPart = parts.get('xl/_rels/workbook.xml.rels');
    if (!workbookPart || !relationshipsPart)
      throw unreadable('it is a ZIP archive but no Excel workbook (a Word or zipped file?)');
    const worksheets = entries.filter((entry) => WORKSHEET_PART.test(entry.name)).length;
    if (worksheets > limits.maxSheets) throw tooManySheets(worksheets, limits.maxSheets);
    const shared = SHARED_PARTS.flatMap((name) => parts.get(name) ?? []);
    // exceljs trusts the sizes these parts declare (and caches the shared strings whole): check them first.
    for (const part of shared) await checkEntry(bytes, part);
    const sheets = await listSheets(bytes, entries, workbookPart, relationshipsPart);
    const chosen =
      options.sheet === undefined ? sheets.filter((s) => !s.hidden) : [named(sheets, options.sheet)];
    if (chosen.length === 0) throw empty('the workbook');
    return chosen.map((sheet) => {
      const label = `the sheet "${sheet.name}"`;
      return {
        name: sheet.name,
        rows: keptRows(sheetRows(bytes, shared, sheet, limits.maxRows), label, limits.maxRows),
      };
    });
  } catch (error) {
    throw asGatewayError(error);
  }
}

/** The sheet of that name; as a person types it, case and outer spaces may differ. */
function named(sheets: readonly WorkbookSheet[], wanted: string): WorkbookSheet {
  const loose = (name: string) => name.trim().toLowerCase();
  const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => loose(s.name) === loose(wanted));
  if (!sheet)
    throw sheetNotFound(
      wanted,
      sheets.map((s) => s.name),
    );
  return sheet;
}

async function* sheetRows(
  bytes: Uint8Array,
  shared: readonly ZipEntry[],
  sheet: WorkbookSheet,
  maxRows: number,
): AsyncGenerator<SheetRow> {
  const label = `the sheet "${sheet.name}"`;
  if (!sheet.part) throw unreadable(`${label} is a chart or of a kind that holds no cells`);
  let source: { destroy(): void } | undefined;
  try {
    const layout = await scanLayout(bytes, sheet.part, maxRows, label);
    const merges = new MergeFiller(layout.merges);
    const opened = await openWorkbook(bytes, [...shared, sheet.part]);
    source = opened.source;
    let previous = 0;
    for await (const { eventType, value } of opened.workbook.parse()) {
      if (eventType !== 'worksheet') continue;
      for await (const streamed of value as AsyncIterable<StreamedRow>) {
        // A writer may leave out a row's number (`r` is optional, ECMA-376 §18.3.1.73): it is the next row.
        const row = Number.isInteger(streamed.number) ? streamed.number : previous + 1;
        previous = row;
        const cells = merges.fill(row, cellsOf(streamed));
        if (!layout.hiddenRows.has(row)) yield { row, cells };
      }
    }
  } catch (error) {
    throw asGatewayError(error);
  } finally {
    source?.destroy();
  }
}

function cellsOf(row: StreamedRow): Cell[] {
  const cells: Cell[] = [];
  row.eachCell((cell, column) => {
    while (cells.length < column - 1) cells.push(null);
    cells[column - 1] = cellOf(cell.value);
  });
  return cells;
}

/** Our own problems pass; anything else thrown while reading (exceljs, saxes, zlib) means a damaged file. */
function asGatewayError(error: unknown): unknown {
  if (toGatewayErrorShape(error).code !== 'gateway.internal') return error;
  return unreadable('the workbook is damaged', error);
}
