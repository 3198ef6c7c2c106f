import { MARGIN, type PdfCanvas } from './pdf-canvas.ts';
import { winAnsi } from './pdf-text.ts';
import { wrapText } from './pdf-wrap.ts';

/** One column: its title, its share of the width in points, numbers right-aligned. */
export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

const SIZE = 8.5;
const LINE = 10.5;
const GAP = 6;

/**
 * A table drawn from the cursor down: the column titles, then each row with every cell wrapped to its column
 * (a long description takes several lines, the row as tall as its tallest cell). A row that does not fit goes
 * to a new page, where the column titles are drawn again. Cells are text as printed (amounts already formatted).
 */
export function drawTable(
  canvas: PdfCanvas,
  columns: readonly Column[],
  rows: readonly (string | undefined)[][],
): void {
  const xs: number[] = [];
  let x = MARGIN;
  for (const column of columns) {
    xs.push(x);
    x += column.width;
  }
  const titles = () => {
    canvas.y -= LINE;
    columns.forEach((column, i) => {
      const right = column.align === 'right';
      canvas.text(right ? xs[i]! + column.width - GAP : xs[i]!, canvas.y, column.title, {
        size: SIZE,
        bold: true,
        align: column.align ?? 'left',
      });
    });
    canvas.y -= 4;
    canvas.rule();
  };
  canvas.ensure(3 * LINE);
  titles();
  const previous = canvas.onNewPage;
  canvas.onNewPage = titles;
  for (const row of rows) {
    const cells = columns.map((column, i) =>
      wrapText(winAnsi(row[i] ?? ''), canvas.font, SIZE, column.width - GAP),
    );
    const height = Math.max(...cells.map((c) => c.length)) * LINE + 2;
    canvas.ensure(height);
    cells.forEach((lines, i) => {
      const column = columns[i]!;
      lines.forEach((line, n) => {
        const y = canvas.y - LINE * (n + 1);
        if (column.align === 'right')
          canvas.text(xs[i]! + column.width - GAP, y, line, { size: SIZE, align: 'right' });
        else canvas.text(xs[i]!, y, line, { size: SIZE });
      });
    });
    canvas.y -= height;
  }
  canvas.onNewPage = previous;
  canvas.y -= 6;
}
