import { isUtf8 as isValidUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** The encodings spreadsheet programs write CSV in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Bytes decoded at a time, so a large file is never one string (a string costs twice its UTF-8 bytes): a file
 * no longer than this is decoded in one chunk.
 */
export const DECODE_CHUNK = 64 * 1024;

/**
 * The encoding of a CSV file. A byte order mark decides: Excel's "CSV UTF-8" starts with EF BB BF and its
 * "Unicode text" with FF FE (UTF-16LE). Without one, bytes that are valid UTF-8 are UTF-8 (plain ASCII is
 * both); otherwise the file was saved by Excel's "CSV" in the ANSI code page of a Western European Windows,
 * Windows-1252, which decodes any byte, so a guess there never fails the file.
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/** The text of `bytes`, a chunk at a time, without the byte order mark. */
export function* decodeText(bytes: Uint8Array, encoding: TextEncoding): Generator<string> {
  // iconv-lite's decoders strip the BOM and keep a character split across two chunks whole.
  const decoder = iconv.getDecoder(encoding);
  for (let start = 0; start < bytes.length; start += DECODE_CHUNK) {
    const text = decoder.write(
      Buffer.from(bytes.buffer, bytes.byteOffset + start, chunkLength(bytes, start)),
    );
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Whether every byte sequence is valid UTF-8: Node's native check, which makes no text of the bytes. */
function isUtf8(bytes: Uint8Array): boolean {
  return isValidUtf8(bytes);
}

function chunkLength(bytes: Uint8Array, start: number): number {
  return Math.min(DECODE_CHUNK, bytes.length - start);
}
