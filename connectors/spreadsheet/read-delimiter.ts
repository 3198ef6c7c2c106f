/** The field separators spreadsheet programs and ERP exports write. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
/** One of {@link DELIMITERS}. */
export type Delimiter = (typeof DELIMITERS)[number];

/** Enough lines to see past a title, a few label rows and a header into the data. */
const LINES_LOOKED_AT = 50;

/**
 * The delimiter of a CSV file, from the head of its text. Excel writes `,` or `;` by the locale's list
 * separator (`;` wherever `,` is the decimal comma), `\t` for "Unicode text", and ERP exports use `|` as well,
 * so the file's own lines decide: for each candidate, the lines (outside quoted fields) holding it are counted
 * by how many times they hold it, and the candidate whose most common count is shared by the most lines wins —
 * a table's rows share their field count, while a `,` inside decimal numbers or a title row does not line up.
 * Ties go to the larger count (`1,50;2;3` is three `;` fields, not two `,` fields). A file with no candidate at
 * all is one column, read with `,`.
 *
 * @param complete whether `head` is the whole file; if not, its last line may be cut short and is not counted
 */
export function detectDelimiter(head: string, complete: boolean): Delimiter {
  const lines = countPerLine(head, complete);
  let best: { delimiter: Delimiter; lines: number; count: number } = { delimiter: ',', lines: 0, count: 0 };
  DELIMITERS.forEach((delimiter, d) => {
    const { count, lines: agreeing } = mostCommonCount(lines.map((counts) => counts[d]!));
    if (agreeing > best.lines || (agreeing === best.lines && count > best.count))
      best = { delimiter, lines: agreeing, count };
  });
  return best.delimiter;
}

/** For each non-blank line: how often each candidate occurs outside quoted fields. */
function countPerLine(text: string, complete: boolean): number[][] {
  const lines: number[][] = [];
  let counts = DELIMITERS.map(() => 0);
  let blank = true;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length && lines.length < LINES_LOOKED_AT; i++) {
    const char = text[i]!;
    if (quoted) {
      // RFC 4180 §2.7: a doubled quote is a quote inside the field; a single one closes it.
      if (char === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (char === '\n' || char === '\r') {
      if (!blank) lines.push(counts);
      counts = DELIMITERS.map(() => 0);
      blank = true;
      fieldStart = true;
      continue;
    }
    if (char === ' ') continue;
    // A line of delimiters only is an empty row of the table (Excel writes `;;;`): it counts too.
    blank = false;
    const d = DELIMITERS.indexOf(char as Delimiter);
    if (d >= 0) {
      counts[d]!++;
      fieldStart = true;
      continue;
    }
    // A quote opens a quoted field only at the field's start: `15.6" monitor` is an inch mark.
    if (char === '"' && fieldStart) quoted = true;
    fieldStart = false;
  }
  if (complete && !blank && lines.length < LINES_LOOKED_AT) lines.push(counts);
  return lines;
}

/** The most common non-zero value and how many times it occurs (the larger value on a tie). */
function mostCommonCount(values: readonly number[]): { count: number; lines: number } {
  const tally = new Map<number, number>();
  for (const value of values) if (value > 0) tally.set(value, (tally.get(value) ?? 0) + 1);
  let best = { count: 0, lines: 0 };
  for (const [count, lines] of tally)
    if (lines > best.lines || (lines === best.lines && count > best.count)) best = { count, lines };
  return best;
}
