import { tooManyRows, unreadable } from './read-errors.ts';
import type { ZipEntry } from './zip-directory.ts';
import { inflateEntry } from './zip-inflate.ts';

/** A merged range, 1-based and inclusive, as `<mergeCell ref="A1:C2"/>` names it. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What a sheet's rows need from the rest of its XML, which exceljs's streaming reader does not give. */
export interface SheetLayout {
  /** Rows written `hidden="1"` (filtered out or hidden by the sender): not read. */
  hiddenRows: Set<number>;
  /** Merged ranges, by their top row. */
  merges: MergedRange[];
}

/** More merged ranges than any order form has; a sheet with more is refused rather than held in memory. */
const MAX_MERGES = 100_000;
const TAG = /<(row|mergeCell)\b([^>]*)>/g;
const HIDDEN = /\shidden="(?:1|true)"/;
const ROW_NUMBER = /\sr="(\d+)"/;
const REF = /\sref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/;

/**
 * Scans a worksheet part once for its hidden rows and merged ranges, before its rows are read: exceljs's
 * streaming reader ignores a row's `hidden` attribute and the `<mergeCells>` list, which SpreadsheetML puts
 * after `<sheetData>` (ECMA-376 Part 1 §18.3.1.99), so the rows would have passed by the time the merges are
 * known. The part is inflated a chunk at a time and nothing but the two lists is kept.
 *
 * @throws GatewayError `file.too_many_rows` (more hidden rows than a sheet may have), `file.unreadable`
 */
export async function scanLayout(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxRows: number,
  sheet: string,
): Promise<SheetLayout> {
  const layout: SheetLayout = { hiddenRows: new Set(), merges: [] };
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for await (const chunk of inflateEntry(bytes, entry)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    // A tag cut by the chunk's end is kept for the next chunk; text between tags holds no `<` (XML escapes it).
    const cut = text.lastIndexOf('<');
    const complete = cut > text.lastIndexOf('>') ? text.slice(0, cut) : text;
    carry = complete.length < text.length ? text.slice(cut) : '';
    for (const [, name, attributes] of complete.matchAll(TAG)) {
      if (name === 'row') hiddenRow(attributes!, layout, maxRows, sheet);
      else mergedRange(attributes!, layout);
    }
  }
  layout.merges.sort((a, b) => a.top - b.top);
  return layout;
}

function hiddenRow(attributes: string, layout: SheetLayout, maxRows: number, sheet: string): void {
  if (!HIDDEN.test(attributes)) return;
  const row = ROW_NUMBER.exec(attributes);
  if (!row) return;
  layout.hiddenRows.add(Number(row[1]));
  if (layout.hiddenRows.size > maxRows) throw tooManyRows(sheet, maxRows);
}

function mergedRange(attributes: string, layout: SheetLayout): void {
  const ref = REF.exec(attributes);
  if (!ref) return;
  const [, fromColumn, fromRow, toColumn = fromColumn, toRow = fromRow] = ref;
  layout.merges.push({
    top: Number(fromRow),
    left: columnNumber(fromColumn!),
    bottom: Number(toRow),
    right: columnNumber(toColumn!),
  });
  if (layout.merges.length > MAX_MERGES)
    throw unreadable(`it has more than ${MAX_MERGES} merged cell ranges; unmerge the cells`);
}

/** `A` → 1, `Z` → 26, `AA` → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}
