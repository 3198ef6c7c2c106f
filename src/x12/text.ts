/**
 * The reader works on "binary" strings: one JS char per input byte (latin1), so string indexes are byte
 * offsets and indexOf can find multi-byte terminators. Values are turned back into Unicode only when they
 * hold bytes >= 0x80.
 */

const HIGH_BYTE = /[\u0080-\u00ff]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Windows-1252 for bytes 0x80–0x9F (0xA0–0xFF are the same as ISO-8859-1). The five bytes it leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay C1 control characters, as the WHATWG Encoding Standard decodes them.
 * Our own table: Node 20's TextDecoder('windows-1252') decodes this range as ISO-8859-1.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Bytes to a binary string without copying through UTF-8. */
export function bytesToBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * A binary value to text: UTF-8 when the bytes are valid UTF-8 (the usual case, e.g. NBSP or U+2026),
 * otherwise Windows-1252, so a partner writing Windows-1252 or ISO-8859-1 keeps readable values. `utf8`
 * says which it was: X12.6 leaves the encoding to the partners, so a value that is not UTF-8 is read, not
 * refused, and the caller reports it.
 */
export function decodeBinary(binary: string): { text: string; utf8: boolean } {
  if (!HIGH_BYTE.test(binary)) return { text: binary, utf8: true };
  try {
    return { text: utf8.decode(Buffer.from(binary, 'latin1')), utf8: true };
  } catch {
    return {
      text: binary.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!),
      utf8: false,
    };
  }
}

/** {@link decodeBinary}'s text alone, for values shown in messages (delimiters, ISA fields). */
export function binaryToText(binary: string): string {
  return decodeBinary(binary).text;
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
