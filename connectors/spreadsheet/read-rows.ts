import { empty, tooManyRows } from './read-errors.ts';
import type { Cell, SheetRow } from './sheet.ts';

/**
 * What CSV and XLSX rows go through before the table finder sees them: rows with no value at all are left out
 * (their numbers still count, so a gap shows), trailing empty cells are cut, at most `maxRows` rows are read
 * (then `file.too_many_rows`), and a sheet that yields no row is `file.empty`. `what` names the sheet in those
 * messages ("the file", `the sheet "Orders"`).
 */
export async function* keptRows(
  rows: Iterable<SheetRow> | AsyncIterable<SheetRow>,
  what: string,
  maxRows: number,
): AsyncGenerator<SheetRow> {
  let kept = 0;
  const keep = (read: SheetRow): SheetRow | undefined => {
    const { row, cells } = read;
    const end = lastValue(cells) + 1;
    if (end === 0) return undefined;
    if (++kept > maxRows) throw tooManyRows(what, maxRows);
    return end === cells.length ? read : { row, cells: cells.slice(0, end) };
  };
  // `for await` over a synchronous source (the CSV reader's) would also wait a turn for every row read
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      const next = keep(row);
      if (next) yield next;
    }
  } else {
    for await (const row of rows) {
      const next = keep(row);
      if (next) yield next;
    }
  }
  if (kept === 0) throw empty(what);
}

function lastValue(cells: readonly Cell[]): number {
  let i = cells.length - 1;
  while (i >= 0 && (cells[i] === null || cells[i] === undefined)) i--;
  return i;
}
