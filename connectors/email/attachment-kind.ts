/** What an attachment holds, as far as reading orders goes. */
export type AttachmentKind = 'csv' | 'xlsx' | 'xls' | 'x12' | 'xml' | 'other';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The OLE2 compound file signature (D0 CF 11 E0 A1 B1 1A E1): Excel 97-2003 .xls, but also .doc and .msg. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
/** How much of a file the text tests look at: enough for a header and some rows, cheap on a large file. */
const SNIFF = 8192;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  magic.every((b, i) => bytes[at + i] === b);

/** Extension of a file name, lower-cased, without the dot ('' when none). */
function extension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/**
 * A zip archive is an XLSX workbook when it holds `xl/workbook.xml` (ECMA-376 Part 2: every part name sits in
 * plain ASCII in the local and central directory headers), so a .docx or a plain .zip is not taken for one.
 */
function zipHoldsWorkbook(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('xl/workbook');
}

/** The text at the start of the bytes (a UTF-8 BOM and leading white space skipped), or undefined for binary. */
function leadingText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, SNIFF);
  // NUL bytes: binary, or UTF-16, which a partner's CSV export is seldom and the spreadsheet reader decides
  if (head.includes(0)) return undefined;
  return Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
}

/**
 * True when the text's first lines (two at least: a header and a row) all hold one delimiter (`,` `;` tab
 * `|`); `cut` says the text is a window of a longer file, whose last line may be incomplete.
 */
function looksDelimited(text: string, cut: boolean): boolean {
  const lines = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
  const sample = lines.slice(0, cut ? -1 : undefined).slice(0, 10);
  if (sample.length < 2) return false;
  return [',', ';', '\t', '|'].some((delimiter) => sample.every((line) => line.includes(delimiter)));
}

/**
 * Classifies an attachment by its bytes first, then its name and content type: a sender's mail program often
 * says `application/octet-stream` for a workbook or names an X12 file `.txt`, while the bytes do not lie.
 * XLSX by a zip holding a workbook, XLS by the OLE2 signature, X12 by `ISA` at the start (after a BOM and white
 * space), XML by `<?xml` or a root element such as `<cXML`, CSV by text whose lines share a delimiter (or text
 * named `.csv`/sent as `text/csv`, which may be a single column). Everything else is `other`.
 */
export function attachmentKind(filename: string, contentType: string, bytes: Uint8Array): AttachmentKind {
  const ext = extension(filename);
  const type = contentType.toLowerCase();
  if (startsWith(bytes, ZIP)) return zipHoldsWorkbook(bytes) ? 'xlsx' : 'other';
  if (startsWith(bytes, OLE2)) return ['doc', 'msg', 'ppt'].includes(ext) ? 'other' : 'xls';
  if (startsWith(bytes, PDF)) return 'other';
  const text = leadingText(bytes);
  if (text === undefined || text === '') return 'other';
  // X12.5 ISA: the interchange control header opens every interchange
  if (text.startsWith('ISA')) return 'x12';
  if (/^<(\?xml|!DOCTYPE|cXML\b|[A-Za-z_][\w.-]*:?[\w.-]*[\s>/])/.test(text)) return 'xml';
  if (looksDelimited(text, bytes.length > SNIFF)) return 'csv';
  if (ext === 'csv' || type === 'text/csv' || type === 'text/comma-separated-values') return 'csv';
  return 'other';
}
