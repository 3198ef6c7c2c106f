import { isChangeWord, type LabelField, normalizeLabel } from './default-mapping.ts';
import type { Cell, SheetRow } from './sheet.ts';

/** An order-level value found above the table, where it was, and its label as the sender wrote it. */
export interface FoundLabel {
  field: LabelField;
  value: Cell;
  row: number;
  label: string;
}

/**
 * The labelled values in the rows above a table: `Order no.: 4711-B` in one cell, or `Order no.` in one cell
 * and `4711-B` in the next non-empty cell to its right. The first value of a field wins; text that is no
 * known label (a title such as "Order form", a company letterhead) is passed over, except a title that marks
 * the sheet as a change (`Order change`, `Änderung`: CHANGE_WORDS), which is the `purpose` label's value.
 */
export function readLabels(rows: readonly SheetRow[], labels: ReadonlyMap<string, LabelField>): FoundLabel[] {
  const found = new Map<LabelField, FoundLabel>();
  for (const { row, cells } of rows) {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (typeof cell !== 'string') continue;
      const inline = /^([^:：]+?)\s*[:：]\s*(\S.*)$/su.exec(cell.trim());
      const inlineField = inline ? labels.get(normalizeLabel(inline[1]!)) : undefined;
      if (inline && inlineField) {
        if (!found.has(inlineField))
          found.set(inlineField, { field: inlineField, value: inline[2]!.trim(), row, label: inline[1]! });
        continue;
      }
      const field = labels.get(normalizeLabel(cell));
      if (!field) {
        if (!found.has('purpose') && isChangeWord(cell))
          found.set('purpose', { field: 'purpose', value: cell.trim(), row, label: cell.trim() });
        continue;
      }
      const j = nextFilled(cells, i + 1);
      if (j === undefined) continue;
      if (!found.has(field))
        found.set(field, { field, value: cells[j]!, row, label: cell.trim().replace(/\s*[:：]$/, '') });
      // the value is not read again as a label
      i = j;
    }
  }
  return [...found.values()];
}

function nextFilled(cells: readonly Cell[], from: number): number | undefined {
  for (let j = from; j < cells.length; j++) {
    const cell = cells[j];
    if (cell !== null && cell !== undefined && !(typeof cell === 'string' && cell.trim() === '')) return j;
  }
  return undefined;
}
