import { type CsvError, parse } from 'csv-parse';
import { detectDelimiter } from './read-delimiter.ts';
import { DECODE_CHUNK, decodeText, detectEncoding } from './read-encoding.ts';
import { unreadable } from './read-errors.ts';
import { keptRows } from './read-rows.ts';
import type { Sheet, SheetRow } from './sheet.ts';

/**
 * csv-parse's parser core, which its stream wraps (`Parser#api`): it takes a chunk of bytes and hands each
 * record it completes to `push`, synchronously, and returns the error it stops at. A whole file is in memory,
 * so the stream around it (a promise and a buffered object per record) buys nothing but time.
 */
interface ParserCore {
  parse(
    chunk: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): CsvError | undefined;
}

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

/** The rows, a chunk of the file at a time: only one chunk's records are held at once. */
function* csvRows(bytes: Uint8Array): Generator<SheetRow> {
  const encoding = detectEncoding(bytes);
  const chunks = utf8Chunks(bytes, encoding);
  const head = chunks.next();
  if (head.done) return;
  const delimiter = detectDelimiter(head.value.text, bytes.length <= DECODE_CHUNK);
  const parser = (
    parse({
      delimiter,
      relax_column_count: true,
      // A quote inside an unquoted field is a character (`15.6" monitor`), as Excel reads it.
      relax_quotes: true,
    }) as unknown as { api: ParserCore }
  ).api;
  let records: string[][] = [];
  const push = (record: string[]) => {
    records.push(record);
  };
  const close = () => {};
  let row = 0;
  let chunk: IteratorResult<{ bytes: Buffer }> = head;
  for (;;) {
    const error = parser.parse(chunk.done ? undefined : chunk.value.bytes, chunk.done === true, push, close);
    // The records before a failing one are not given: the file is refused as a whole.
    if (error !== undefined) throw failure(error, row + records.length);
    for (const record of records) {
      row++;
      // the record's array becomes the row's cells: the parser made it for us alone
      const cells: (string | null)[] = record;
      for (let i = 0; i < cells.length; i++) cells[i] = cellOf(record[i]!);
      yield { row, cells };
    }
    records = [];
    if (chunk.done) return;
    chunk = chunks.next();
  }
}

/**
 * The file as UTF-8 bytes, a chunk at a time, with the text of the first chunk (to find the delimiter in).
 * csv-parse reads bytes: UTF-8 files (nearly all) are handed over as they are, without decoding them to text
 * and back; other encodings are decoded and written as UTF-8.
 */
function* utf8Chunks(
  bytes: Uint8Array,
  encoding: ReturnType<typeof detectEncoding>,
): Generator<{ bytes: Buffer; text: string }, undefined> {
  if (encoding === 'utf-8') {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const whole = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom);
    if (whole.length === 0) return;
    // a character the head cuts in two is in its last line, which the delimiter count leaves out
    yield { bytes: whole.subarray(0, DECODE_CHUNK), text: whole.toString('utf8', 0, DECODE_CHUNK) };
    for (let start = DECODE_CHUNK; start < whole.length; start += DECODE_CHUNK)
      yield { bytes: whole.subarray(start, start + DECODE_CHUNK), text: '' };
    return;
  }
  for (const text of decodeText(bytes, encoding)) yield { bytes: Buffer.from(text, 'utf8'), text };
}

function failure(error: CsvError, parsed: number): Error {
  // The parser's own count of records names the row it failed in.
  const records = (error as CsvError & { records?: unknown }).records;
  const failed = (typeof records === 'number' ? records : parsed) + 1;
  return unreadable(
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? `the quoted value in row ${failed} never ends: a closing " is missing`
      : `row ${failed} cannot be read as CSV`,
    error,
  );
}

function cellOf(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
