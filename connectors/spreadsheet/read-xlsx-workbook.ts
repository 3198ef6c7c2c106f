import { Readable } from 'node:stream';
import type { ZipEntry } from './zip-directory.ts';
import { canonicalZip } from './zip-inflate.ts';

/** The worksheet parts exceljs's streaming reader reads; a chart sheet lives under xl/chartsheets/. */
export const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

/** What the readers use of exceljs's streaming workbook reader; its typings leave these out. */
export interface StreamedWorkbook {
  parse(): AsyncGenerator<{ eventType: string; value: unknown }>;
  model?: { sheets?: { name?: string; state?: string; rId?: string }[] };
  workbookRels?: { Id?: string; Target?: string }[];
  sharedStrings?: unknown[];
}

/**
 * The reader's options: shared strings and styles cached (the styles say which numbers are dates), hyperlinks
 * ignored (a linked cell keeps its text), only worksheets emitted.
 */
const READER_OPTIONS = {
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  worksheets: 'emit',
  entries: 'ignore',
} as const;

/**
 * exceljs's streaming reader over just the given parts of an XLSX, in the given order. Handing it the workbook,
 * its relationships, the styles and the shared strings first and then one worksheet makes it parse that sheet
 * as it streams: met in file order, a sheet can come before the shared strings (Excel writes them last), and
 * the reader then copies the sheet to a temporary file and parses it only after the whole archive. exceljs is
 * loaded by the first workbook read, not by every process that imports the connectors.
 */
export async function openWorkbook(
  bytes: Uint8Array,
  parts: readonly ZipEntry[],
): Promise<{
  workbook: StreamedWorkbook;
  source: Readable;
}> {
  const { default: ExcelJS } = await import('exceljs');
  const source = Readable.from(canonicalZip(bytes, parts), { objectMode: false });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(
    source,
    READER_OPTIONS,
  ) as unknown as StreamedWorkbook;
  // A workbook with only inline strings has no shared-strings part, and the reader takes a sheet met before
  // shared strings for one to put aside (above): starting it with an empty list makes it stream that sheet too.
  workbook.sharedStrings = [];
  return { workbook, source };
}

/** A sheet of the workbook, in tab order, with the part holding it (undefined for a chart sheet). */
export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  part: ZipEntry | undefined;
}

/** The workbook's sheets in tab order, read from `xl/workbook.xml` and its relationships. */
export async function listSheets(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  workbookPart: ZipEntry,
  relationshipsPart: ZipEntry,
): Promise<WorkbookSheet[]> {
  const { workbook, source } = await openWorkbook(bytes, [workbookPart, relationshipsPart]);
  try {
    for await (const _ of workbook.parse());
  } finally {
    source.destroy();
  }
  const parts = new Map(entries.map((entry) => [entry.name, entry]));
  return (workbook.model?.sheets ?? []).map((sheet) => {
    const target = workbook.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target ?? '';
    // ECMA-376 Part 2 §9.3: a relationship's target is relative to xl/, or absolute from the package root.
    const name = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    return {
      name: sheet.name ?? '',
      hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden',
      part: WORKSHEET_PART.test(name) ? parts.get(name) : undefined,
    };
  });
}
