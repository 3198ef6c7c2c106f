import { createInflateRaw } from 'node:zlib';
import { unreadable, zipBomb } from './read-errors.ts';
import { dataOffset, type ZipEntry } from './zip-directory.ts';

const LOCAL_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * An entry's bytes, inflated as they are read. A part that inflates to more than its directory entry declared
 * stops at once with `file.zip_bomb`: the limits were checked against the declared sizes, so a lie there must
 * not get past them.
 *
 * @throws GatewayError `file.zip_bomb`, `file.unreadable` (damaged data, an unknown compression method)
 */
export async function* inflateEntry(bytes: Uint8Array, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = compressedData(bytes, entry);
  if (entry.method === STORED) {
    if (data.length !== entry.uncompressedSize) throw unreadable(`the part ${entry.name} is cut off`);
    yield data;
    return;
  }
  if (entry.method !== DEFLATED) throw unreadable(`the part ${entry.name} is compressed in an unknown way`);
  const inflater = createInflateRaw();
  inflater.end(data);
  let inflated = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize)
        throw zipBomb(
          `the part ${entry.name} unpacks to more than the ${entry.uncompressedSize} bytes it declares`,
        );
      yield chunk;
    }
  } catch (error) {
    if (error instanceof Error && 'errno' in error)
      throw unreadable(`the part ${entry.name} is damaged`, error);
    throw error;
  } finally {
    inflater.destroy();
  }
  if (inflated !== entry.uncompressedSize) throw unreadable(`the part ${entry.name} is damaged`);
}

/** Reads an entry through to its end, to check its declared size before another reader trusts it. */
export async function checkEntry(bytes: Uint8Array, entry: ZipEntry): Promise<void> {
  for await (const _ of inflateEntry(bytes, entry));
}

/**
 * A ZIP stream holding just the given entries, in the order given, for a sequential reader (exceljs's
 * unzipper). Each entry gets a local header written afresh from the central directory, followed by its
 * compressed bytes as they are: a sequential reader trusts the local header's sizes, and one that disagrees with
 * the directory (damaged, or a data descriptor's zeros) would have it wait for bytes that never come. The
 * entries' data must have been checked with {@link inflateEntry} before, so what it inflates is what we read.
 */
export function* canonicalZip(bytes: Uint8Array, entries: readonly ZipEntry[]): Generator<Buffer> {
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0, deflate
    header.writeUInt16LE(0x0800, 6); // bit 11: the name is UTF-8; no data descriptor
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt32LE(entry.crc32, 14);
    header.writeUInt32LE(entry.compressedSize, 18);
    header.writeUInt32LE(entry.uncompressedSize, 22);
    header.writeUInt16LE(name.length, 26);
    yield header;
    yield name;
    yield compressedData(bytes, entry);
  }
  // An end record with no directory: the reader stops there.
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  yield end;
}

function compressedData(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const start = dataOffset(bytes, entry);
  if (start + entry.compressedSize > bytes.length) throw unreadable(`the part ${entry.name} is cut off`);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, entry.compressedSize);
}
