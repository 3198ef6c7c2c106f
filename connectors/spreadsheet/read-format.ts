import { encrypted, legacyXls, unreadable } from './read-errors.ts';
import type { SpreadsheetFile } from './sheet.ts';

/** The two formats the readers understand. */
export type SpreadsheetFormat = 'csv' | 'xlsx';

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06];
const OLE2_HEADER = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** "EncryptionInfo" in UTF-16LE, as an OLE2 directory entry names the stream of an encrypted OOXML workbook. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d];
const NAME_HINT = /\.(xlsx|xlsm|xls)$/i;

/**
 * Which reader a file needs, decided by its bytes, never its name: mail clients and upload forms get names and
 * content types wrong (an .xlsx sent as application/octet-stream, a CSV named .xls). A ZIP is an XLSX; an OLE2
 * compound file is either an Excel 97-2003 workbook or a password-protected XLSX (Office encrypts OOXML into an
 * OLE2 container holding `EncryptionInfo` and `EncryptedPackage` streams, MS-OFFCRYPTO §2.3.4); anything else is
 * read as CSV text unless it is plainly binary.
 *
 * @throws GatewayError `file.legacy_xls`, `file.encrypted`, `file.unreadable`
 */
export function detectFormat(file: SpreadsheetFile): SpreadsheetFormat {
  const { bytes } = file;
  if (startsWith(bytes, ZIP_LOCAL_HEADER)) return 'xlsx';
  if (startsWith(bytes, ZIP_EMPTY_ARCHIVE)) throw unreadable('an empty ZIP archive');
  if (startsWith(bytes, OLE2_HEADER)) {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTION_INFO))
      throw encrypted();
    throw legacyXls();
  }
  if (looksBinary(bytes)) {
    // The name is only used to word the answer: a sender who named it .xlsx thinks it is a workbook.
    const named =
      file.filename && NAME_HINT.test(file.filename) ? ` although it is named ${file.filename}` : '';
    throw unreadable(`it is neither an Excel workbook nor text${named}`);
  }
  return 'csv';
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * NUL bytes do not occur in text, except in UTF-16, which a spreadsheet program writes with its byte order mark
 * (Excel's "Unicode text"): so NULs in the head of a file without one mean a binary file (image, archive). A PDF
 * (an order printed to PDF, the commonest wrong attachment) may hold none in its head, so it is named by its own.
 */
function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, PDF_HEADER)) return true;
  const utf16Bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !utf16Bom && bytes.subarray(0, 8192).includes(0);
}
