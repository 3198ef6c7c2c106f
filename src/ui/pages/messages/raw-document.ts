import type { AttachmentKind } from '../../../../connectors/email/attachment-kind.ts';
import { parseMail } from '../../../../connectors/email/parse-mail.ts';
import { readSpreadsheet } from '../../../../connectors/spreadsheet/read.ts';
import type { Cell } from '../../../../connectors/spreadsheet/sheet.ts';
import { columnLetter } from '../../../../connectors/spreadsheet/table-find.ts';
import { scanIsa } from '../../../x12/delimiters.ts';

/** Segments the page shows of one interchange (a 66,000-order file is downloaded, not rendered). */
export const MAX_SEGMENTS = 5_000;
/** Rows the page shows of a spreadsheet. */
export const MAX_ROWS = 500;

/** One X12 segment: its tag and elements as sent (`elements[0]` is the tag, so `elements[3]` is e.g. BEG03). */
export interface RawSegment {
  elements: string[];
}

/** One HL of an 856 with the segments under it and its children (nested by HL02). */
export interface HlNode {
  id: string;
  level: string;
  segments: RawSegment[];
  children: HlNode[];
}

export type RawDocument =
  | { kind: 'x12'; separator: string; segments: RawSegment[]; total: number; shipNotices: HlNode[][] }
  | {
      kind: 'sheet';
      name?: string;
      rows: { row: number; cells: string[] }[];
      more: boolean;
      problem?: string;
    }
  | {
      kind: 'mail';
      headers: [string, string][];
      text: string;
      attachments: {
        index: number;
        filename: string;
        contentType: string;
        kind: AttachmentKind;
        size: number;
        sheet?: Extract<RawDocument, { kind: 'sheet' }>;
      }[];
      problems: string[];
    }
  | { kind: 'text'; lines: string[]; more: boolean };

/** The mail headers the page shows (the rest is routing noise). */
const MAIL_HEADERS = ['from', 'to', 'cc', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to'];

/**
 * A stored message read for people: X12 as segments (and each 856 as its HL tree), a spreadsheet as rows, a
 * mail as headers and attachments (spreadsheets among them as rows). Only reads: nothing here runs what a
 * partner sent, and the page escapes every value.
 */
export async function readRawDocument(raw: Uint8Array, channel: string): Promise<RawDocument> {
  const latin1 = Buffer.from(raw).toString('latin1');
  const isa = latin1.indexOf('ISA');
  if (isa >= 0 && isa < 16) {
    const read = x12Segments(latin1, isa);
    if (read) return read;
  }
  if (channel === 'email') return readMail(raw);
  if (channel === 'csv') return readSheet(raw);
  return textLines(Buffer.from(raw).toString('utf8'));
}

function textLines(text: string): RawDocument {
  const lines = text.split(/\r?\n/);
  return { kind: 'text', lines: lines.slice(0, MAX_ROWS), more: lines.length > MAX_ROWS };
}

function x12Segments(text: string, start: number): RawDocument | undefined {
  const scan = scanIsa(text, start, true, 0);
  if (scan.status !== 'read' || scan.isa.unusable) return undefined;
  const { element, segment } = scan.isa.delimiters;
  const all = text
    .slice(start)
    .split(segment)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const segments = all.slice(0, MAX_SEGMENTS).map((s) => ({ elements: s.split(element) }));
  return {
    kind: 'x12',
    separator: element,
    segments,
    total: all.length,
    shipNotices: shipNoticeTrees(segments),
  };
}

/** Each 856 transaction set's HL tree: an HL's segments run to the next HL (or CTT/SE), nested by HL02. */
function shipNoticeTrees(segments: RawSegment[]): HlNode[][] {
  const trees: HlNode[][] = [];
  let roots: HlNode[] | undefined;
  let byId = new Map<string, HlNode>();
  let current: HlNode | undefined;
  for (const segment of segments) {
    const [tag, e1, e2, e3] = segment.elements;
    if (tag === 'ST') {
      roots = e1 === '856' ? [] : undefined;
      byId = new Map();
      current = undefined;
    } else if (roots === undefined) continue;
    else if (tag === 'HL') {
      current = { id: e1 ?? '', level: e3 ?? '', segments: [segment], children: [] };
      byId.set(current.id, current);
      const parent = e2 ? byId.get(e2) : undefined;
      (parent ? parent.children : roots).push(current);
    } else if (tag === 'SE') {
      trees.push(roots);
      roots = undefined;
    } else if (tag === 'CTT') current = undefined;
    else current?.segments.push(segment);
  }
  return trees;
}

const cellText = (cell: Cell | undefined): string =>
  cell === undefined || cell === null
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell);

async function readSheet(
  bytes: Uint8Array,
  filename?: string,
): Promise<Extract<RawDocument, { kind: 'sheet' }>> {
  try {
    const [sheet] = await readSpreadsheet({ bytes, ...(filename ? { filename } : {}) });
    const rows: { row: number; cells: string[] }[] = [];
    let more = false;
    if (sheet)
      for await (const row of sheet.rows) {
        if (rows.length === MAX_ROWS) {
          more = true;
          break;
        }
        rows.push({ row: row.row, cells: row.cells.map(cellText) });
      }
    return { kind: 'sheet', ...(sheet?.name ? { name: sheet.name } : {}), rows, more };
  } catch (error) {
    return { kind: 'sheet', rows: [], more: false, problem: (error as Error).message };
  }
}

async function readMail(raw: Uint8Array): Promise<RawDocument> {
  const mail = await parseMail(raw);
  const headers: [string, string][] = [];
  for (const name of MAIL_HEADERS)
    for (const value of mail.headers.get(name) ?? []) headers.push([name, value]);
  const attachments = [];
  for (const [index, a] of mail.attachments.entries())
    attachments.push({
      index,
      filename: a.filename,
      contentType: a.contentType,
      kind: a.kind,
      size: a.bytes.byteLength,
      ...(a.kind === 'csv' || a.kind === 'xlsx' ? { sheet: await readSheet(a.bytes, a.filename) } : {}),
    });
  return {
    kind: 'mail',
    headers,
    text: mail.text.slice(0, 20_000),
    attachments,
    problems: mail.problems.map((p) => p.message),
  };
}

/** Attachment `index` of a stored mail, for download. */
export async function mailAttachment(
  raw: Uint8Array,
  index: number,
): Promise<{ filename: string; bytes: Uint8Array } | undefined> {
  const mail = await parseMail(raw);
  const found = mail.attachments[index];
  return found ? { filename: found.filename, bytes: found.bytes } : undefined;
}

/**
 * The cells a message's findings name, as `row:index` keys (and `row:*` for a whole row), for a sheet read as
 * above: a finding names its column by the header as the sender wrote it, or by its letter.
 */
export function problemCells(
  rows: readonly { row: number; cells: string[] }[],
  diagnostics: readonly { row?: number; column?: string; file?: string }[],
  file?: string,
): Set<string> {
  const marked = new Set<string>();
  const mine = diagnostics.filter((d) => d.row !== undefined && (file === undefined || d.file === file));
  if (mine.length === 0) return marked;
  // a column answers to its letter and to any header text above the rows that have findings
  const names = new Map<string, number>();
  for (const r of rows.slice(0, 50))
    r.cells.forEach((text, i) => {
      if (text.trim() !== '' && !names.has(text.trim())) names.set(text.trim(), i);
    });
  const widest = Math.max(0, ...rows.map((r) => r.cells.length));
  for (let i = 0; i < widest; i++) names.set(columnLetter(i), i);
  for (const d of mine) {
    const index = d.column === undefined ? undefined : names.get(d.column.trim());
    marked.add(`${d.row}:${index ?? '*'}`);
  }
  return marked;
}
