import { createInflateRaw } from 'node:zlib';
import { unreadable, zipBomb } from './read-errors.ts';
import { dataOffset, type ZipDirectory, type ZipEntry } from './zip-directory.ts';

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
  const start = dataOffset(bytes, entry);
  const data = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start,
    Math.min(entry.compressedSize, bytes.length - start),
  );
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
 * The raw bytes of the given entries, local header and data and any data descriptor, in the order given, then
 * the central directory: a ZIP stream a sequential reader (exceljs's unzipper) reads those parts from, in that
 * order, without copying them.
 */
export function* rawEntries(
  bytes: Uint8Array,
  directory: ZipDirectory,
  entries: readonly ZipEntry[],
): Generator<Buffer> {
  const starts = directory.entries.map((e) => e.localHeaderOffset).sort((a, b) => a - b);
  for (const entry of entries) {
    const end = starts.find((offset) => offset > entry.localHeaderOffset) ?? directory.centralDirectoryOffset;
    yield Buffer.from(
      bytes.buffer,
      bytes.byteOffset + entry.localHeaderOffset,
      end - entry.localHeaderOffset,
    );
  }
  yield Buffer.from(
    bytes.buffer,
    bytes.byteOffset + directory.centralDirectoryOffset,
    bytes.length - directory.centralDirectoryOffset,
  );
}
