import { unreadable } from './read-errors.ts';

/** One file of a ZIP archive as its central directory records it (APPNOTE.TXT §4.3.12). */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; XLSX writers use nothing else. */
  method: number;
  crc32: number;
  compressedSize: number;
  /** As declared: a zip bomb may lie, so readers check the bytes they inflate against it. */
  uncompressedSize: number;
  /** Where its local file header starts. */
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A 32-bit size or offset field holding this means the real value is in the ZIP64 extra field. */
const IN_ZIP64 = 0xffffffff;

/**
 * The central directory of a ZIP held in memory, read before any part is inflated, so the sizes a part claims
 * can be refused before they are unpacked (a zip bomb) and parts can be read in any order. Small on purpose:
 * no encryption, no multi-disk archives (neither occurs in an XLSX).
 *
 * @throws GatewayError `file.unreadable` when the archive is truncated or damaged
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view);
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (offset === IN_ZIP64 || count === 0xffff) ({ count, offset } = zip64End(view, end));
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_HEADER)
      throw unreadable('the ZIP directory is damaged');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString('utf8');
    const entry: ZipEntry = {
      name,
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    applyZip64(view, at + 46 + nameLength, extraLength, entry);
    if (
      entry.localHeaderOffset + 30 > offset ||
      view.getUint32(entry.localHeaderOffset, true) !== LOCAL_HEADER
    )
      throw unreadable(`the part ${name} is missing from the ZIP`);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's compressed bytes start: after its local header, whose extra field may differ. */
export function dataOffset(bytes: Uint8Array, entry: ZipEntry): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  return at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
}

/** The end record is the last 22 bytes, unless an archive comment (at most 65,535 bytes) follows it. */
function findEndRecord(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--)
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at;
  throw unreadable('the ZIP archive is cut off: its directory at the end is missing');
}

function zip64End(view: DataView, end: number): { count: number; offset: number } {
  const locator = end - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_END_LOCATOR)
    throw unreadable('the ZIP directory is damaged');
  const record = Number(view.getBigUint64(locator + 8, true));
  if (record + 56 > view.byteLength || view.getUint32(record, true) !== ZIP64_END)
    throw unreadable('the ZIP directory is damaged');
  return {
    count: Number(view.getBigUint64(record + 32, true)),
    offset: Number(view.getBigUint64(record + 48, true)),
  };
}

/** APPNOTE §4.5.3: the ZIP64 extra field holds, in this order, only the fields whose 32-bit value is full. */
function applyZip64(view: DataView, start: number, length: number, entry: ZipEntry): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + size) throw unreadable('the ZIP directory is damaged');
        const value = Number(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === IN_ZIP64) entry.uncompressedSize = next();
      if (entry.compressedSize === IN_ZIP64) entry.compressedSize = next();
      if (entry.localHeaderOffset === IN_ZIP64) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}
