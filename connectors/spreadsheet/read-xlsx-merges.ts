import type { MergedRange } from './read-xlsx-layout.ts';
import type { Cell } from './sheet.ts';

/**
 * Fills merged ranges as rows stream by, so each cell of a range holds its top-left value, as the sender sees
 * it: a "Ship to" label merged over three columns, an order number merged down a block of lines. Rows come in
 * ascending order, so a range's value is taken when its top row passes (hidden or not) and given to the rows
 * below it. A range whose top row is not in the file gives null.
 */
export class MergeFiller {
  readonly #pending: MergedRange[];
  #active: { range: MergedRange; value: Cell }[] = [];

  /** @param merges sorted by their top row */
  constructor(merges: readonly MergedRange[]) {
    this.#pending = [...merges].reverse();
  }

  /** `cells` (index 0 is column A) of row `row`, with every merged range crossing the row filled in place. */
  fill(row: number, cells: Cell[]): Cell[] {
    this.#active = this.#active.filter(({ range }) => range.bottom >= row);
    while (this.#pending.length > 0 && this.#pending.at(-1)!.top <= row) {
      const range = this.#pending.pop()!;
      if (range.bottom < row) continue;
      this.#active.push({ range, value: range.top === row ? (cells[range.left - 1] ?? null) : null });
    }
    for (const { range, value } of this.#active) {
      while (cells.length < range.right) cells.push(null);
      for (let column = range.left; column <= range.right; column++)
        if (row !== range.top || column !== range.left) cells[column - 1] = value;
    }
    return cells;
  }
}
