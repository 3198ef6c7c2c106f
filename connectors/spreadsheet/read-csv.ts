import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { detectDelimiter } from './read-delimiter.ts';
import { DECODE_CHUNK, decodeText, detectEncoding } from './read-encoding.ts';
import { unreadable } from './read-errors.ts';
import { keptRows } from './read-rows.ts';
import type { Sheet, SheetRow } from './sheet.ts';

/**
 * A CSV file as one sheet, its rows parsed as they are read. The encoding (UTF-8 with or without BOM, UTF-16
 * with BOM, else Windows-1252) and the delimiter (`,` `;` tab `|`) are found from the bytes
 * ({@link detectEncoding}, {@link detectDelimiter}). Quoted fields may hold delimiters, doubled quotes and line
 * breaks; rows may have any number of fields. A row's number is its record's 1-based index, the row Excel shows
 * it in when it opens the file (a quoted line break stays inside one cell); empty lines count, so numbers match
 * Excel's. Cells are text with the outer whitespace trimmed, empty ones null.
 *
 * @throws GatewayError `file.unreadable` (a quote never closed), `file.empty`, `file.too_many_rows` — while
 *   the rows are read
 */
export function readCsv(bytes: Uint8Array, maxRows: number): Sheet {
  return { rows: keptRows(csvRows(bytes), 'the file', maxRows) };
}

async function* csvRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const encoding = detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const head = text.next();
  if (head.done) return;
  const delimiter = detectDelimiter(head.value, bytes.length <= DECODE_CHUNK);
  const source = Readable.from(chunksFrom(head.value, text));
  const parser = parse({
    delimiter,
    relax_column_count: true,
    // A quote inside an unquoted field is a character (`15.6" monitor`), as Excel reads it.
    relax_quotes: true,
  });
  source.pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record.map(cellOf) };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      // The parser fails before the records it buffered are read, so its own count names the row.
      const failed = (typeof error.records === 'number' ? error.records : row) + 1;
      throw unreadable(
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? `the quoted value in row ${failed} never ends: a closing " is missing`
          : `row ${failed} cannot be read as CSV`,
        error,
      );
    }
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

function* chunksFrom(first: string, rest: Iterator<string>): Generator<string> {
  yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}

function cellOf(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
