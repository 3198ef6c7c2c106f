/**
 * The reader works on "binary" strings: one JS char per input byte (latin1), so string indexes are byte
 * offsets and indexOf can find multi-byte terminators. Values are turned back into Unicode only when they
 * hold bytes >= 0x80.
 */

const HIGH_BYTE = /[\u0080-\u00ff]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function hasHighBytes(binary: string): boolean {
  return HIGH_BYTE.test(binary);
}

/** Bytes to a binary string without copying through UTF-8. */
export function bytesToBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * A binary value to text: UTF-8 when the bytes are valid UTF-8 (the usual case, e.g. NBSP or U+2026),
 * otherwise each byte as its latin1 character, so a Windows-1252/ISO-8859-1 partner keeps readable values.
 */
export function binaryToText(binary: string): string {
  if (!HIGH_BYTE.test(binary)) return binary;
  try {
    return utf8.decode(Buffer.from(binary, 'latin1'));
  } catch {
    return binary;
  }
}

/** Length in bytes of a UTF-8 sequence starting with `lead`, or 0 when `lead` cannot start one. */
function utf8SequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * The one character starting at `at` as binary: a whole UTF-8 sequence when the bytes there are one, else the
 * single byte (ISO-8859-1, Windows-1252 or a control character). Undefined when the input stops inside what
 * may still become a sequence and more is to come (`final` false).
 */
export function characterAt(buf: string, at: number, final: boolean): string | undefined {
  const length = utf8SequenceLength(buf.charCodeAt(at));
  if (length === 0) return buf[at];
  if (at + length > buf.length && !final) return undefined;
  const sequence = buf.slice(at, at + length);
  return sequence.length === length && isUtf8(sequence) ? sequence : buf[at];
}

function isUtf8(binary: string): boolean {
  try {
    utf8.decode(Buffer.from(binary, 'latin1'));
    return true;
  } catch {
    return false;
  }
}

export function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

export function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}
