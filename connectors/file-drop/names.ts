import path from 'node:path';

/**
 * The longest name (in bytes) the drop folder takes. Filesystems cap a name at 255 bytes (ext4, XFS, tmpfs),
 * and the folder adds to it: a claim is `<ms>-<sequence>-<name>`, an archived duplicate `<name>-<n>`, a
 * refusal note `<name>.error.json`. 200 leaves room for all of them.
 */
export const MAX_NAME_BYTES = 200;

/**
 * Characters that make a name unreadable or misleading in a listing, a log line or a note: control
 * characters (line breaks, tabs, escape sequences), Unicode line and paragraph separators, and the
 * bidirectional overrides that display a name in another order than it has.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The same, plus U+FFFD, which is what bytes that are not UTF-8 decode to. */
const UNREADABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/gu;
/** Extensions up to this long survive shortening (`.edi`, `.x12`, `.json`); longer ones are cut with the rest. */
const KEPT_EXTENSION_BYTES = 16;
/** Whoever reads error/ finds each note by this suffix, so a refused file never keeps it. */
const NOTE_SUFFIX = /\.error\.json$/i;

/**
 * Why a dropped file's name cannot be taken as it is, or undefined when it can. `bytes` is the name as the
 * filesystem has it: a name that is not UTF-8 reads back as something else and could not be stored faithfully.
 */
export function nameProblem(name: string, bytes?: Uint8Array): string | undefined {
  if (bytes && !Buffer.from(name).equals(bytes)) return 'the name is not valid UTF-8';
  if (UNSAFE.test(name)) return 'the name contains control characters (a line break, a tab …)';
  const size = Buffer.byteLength(name);
  if (size > MAX_NAME_BYTES)
    return `the name has ${size} bytes; the most this folder accepts is ${MAX_NAME_BYTES}`;
  if (/^[\s.]*$/u.test(name)) return 'the name has only dots and spaces';
  return undefined;
}

/**
 * A readable name for a file in error/: unreadable characters become `_`, leading dots and surrounding
 * spaces go (a name of only those becomes `unnamed`), a name ending in `.error.json` gets a `_` so it is
 * never taken for a note, and a long name is shortened to MAX_NAME_BYTES with `…` before its extension.
 * Not unique: the caller picks a free variant.
 */
export function readableName(name: string): string {
  let readable = name
    .replace(UNREADABLE, '_')
    .replace(/^[\s.]+/u, '')
    .trimEnd();
  if (readable === '') readable = 'unnamed';
  if (NOTE_SUFFIX.test(readable)) readable += '_';
  if (Buffer.byteLength(readable) <= MAX_NAME_BYTES) return readable;
  let ext = path.extname(readable);
  if (Buffer.byteLength(ext) > KEPT_EXTENSION_BYTES) ext = '';
  // Cut whole code points, so a multi-byte character is never split into invalid UTF-8.
  const base = Array.from(readable.slice(0, readable.length - ext.length));
  while (Buffer.byteLength(`${base.join('')}…${ext}`) > MAX_NAME_BYTES) base.pop();
  return `${base.join('')}…${ext}`;
}
