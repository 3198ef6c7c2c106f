import type { Cell } from './sheet.ts';

/**
 * A cell as exceljs's streaming reader gives it, as a plain {@link Cell}. Formulas are never evaluated: a
 * formula cell gives the result Excel cached when it saved the file, or null when it holds none (files written
 * by scripts often carry formulas without results). Rich text is its text; a hyperlink its shown text; an error
 * value (`#N/A`, `#DIV/0!`) is null, as are text cells that are only whitespace. Text is trimmed of outer
 * whitespace, as in a CSV.
 */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'object') return null;
  if ('error' in value) return null;
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? cellOf(value.result) : null;
  if ('richText' in value && Array.isArray(value.richText)) return textCell(richText(value.richText));
  if ('text' in value) return cellOf(value.text);
  return null;
}

function richText(runs: readonly unknown[]): string {
  return runs
    .map((run) => (typeof run === 'object' && run !== null && 'text' in run ? String(run.text ?? '') : ''))
    .join('');
}

function textCell(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
