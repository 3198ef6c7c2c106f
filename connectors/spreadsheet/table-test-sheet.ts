import type { Cell, Sheet } from './sheet.ts';

/**
 * For tests: a sheet of in-memory rows, numbered from `firstRow` (1, as Excel does) unless a row is given as
 * `[rowNumber, cells]`, to leave gaps where a reader would have skipped hidden rows.
 */
export function sheetOf(rows: readonly (Cell[] | [number, Cell[]])[], name?: string): Sheet {
  const numbered = rows.map((row, index) =>
    typeof row[0] === 'number' && Array.isArray(row[1])
      ? { row: row[0], cells: row[1] as Cell[] }
      : { row: index + 1, cells: row as Cell[] },
  );
  return {
    ...(name !== undefined ? { name } : {}),
    rows: (async function* () {
      yield* numbered;
    })(),
  };
}
