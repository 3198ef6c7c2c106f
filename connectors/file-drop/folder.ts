import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readableName } from './names.ts';

/** Sub-folders of the drop folder the gateway owns; everything else at the top level is partner input. */
export const ARCHIVE_DIR = 'archive';
export const ERROR_DIR = 'error';
export const PROCESSING_DIR = '.processing';

/** Suffixes a sender uses while it is still writing (write `x.part`, then rename to `x`). */
const IN_PROGRESS = /\.(tmp|part)$/i;

/** Whether a name in the drop folder is an input the gateway may take (never dotfiles or half-written files). */
export function isCandidateName(name: string): boolean {
  return !name.startsWith('.') && !IN_PROGRESS.test(name);
}

/** A file ready to be taken: its name as text, and as the filesystem has it. */
export interface ReadyFile {
  /** The name decoded as UTF-8 (bytes that are not UTF-8 read as U+FFFD). */
  name: string;
  /** The name's bytes: the only way to reach a file whose name is not UTF-8. */
  bytes: Buffer;
}

/** The path of `name` (as bytes) in `dir`. */
export function inFolder(dir: string, name: Buffer): Buffer {
  return Buffer.concat([Buffer.from(path.join(dir, path.sep)), name]);
}

/**
 * Regular files at the top level of `dir` that look complete: not a dotfile, not `.tmp`/`.part`, and not
 * modified for `settleMs` (a sender that writes in place is still writing while the mtime moves). Symlinks
 * and folders (archive/, error/, anything else) are skipped: a rename would move the link, not the data.
 * Names are listed as bytes, so a name that is not UTF-8 can still be reached (and refused).
 */
export async function readyFiles(dir: string, settleMs: number, now: number): Promise<ReadyFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  const ready: ReadyFile[] = [];
  for (const entry of entries) {
    const name = entry.name.toString('utf8');
    if (!entry.isFile() || !isCandidateName(name)) continue;
    try {
      const info = await stat(inFolder(dir, entry.name));
      // whole milliseconds, as `now` is: a file written within the millisecond of the pass (mtime 1000.4,
      // now 1000) is unmodified for 0 ms, not for -0.4 ms (with settleMs 0 it was left for the next pass)
      if (now - Math.floor(info.mtimeMs) >= settleMs) ready.push({ name, bytes: entry.name });
    } catch {
      // Gone between readdir and stat: another poller took it.
    }
  }
  return ready.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
}

/** `name`, then `name-1.ext`, `name-2.ext` …: archive and error folders never overwrite a file. */
function candidate(name: string, n: number): string {
  if (n === 0) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

const isCode = (error: unknown, ...codes: string[]) =>
  codes.includes((error as NodeJS.ErrnoException | undefined)?.code ?? '');

/**
 * Moves `source` into `folder` under `name` or the first free variant, never replacing an existing file.
 * rename(2) silently replaces its target, so the new name is taken with link(2) (fails with EEXIST) or, where
 * the filesystem has no hard links, an exclusive copy; the source is removed afterwards. A crash in between
 * leaves the file in both places, which is harmless: the copy left behind is recognised as already stored.
 * `beside`, when given, writes a companion of the chosen name (a refusal note) before the source goes; it
 * answers false when the companion's name is taken, and the next variant is tried.
 */
export async function moveWithoutOverwrite(
  source: string,
  folder: string,
  name: string,
  beside?: (target: string) => Promise<boolean>,
): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (let n = 0; ; n++) {
    const target = path.join(folder, candidate(name, n));
    try {
      await link(source, target);
    } catch (error) {
      if (isCode(error, 'EEXIST')) continue;
      if (!isCode(error, 'EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS')) throw error;
      try {
        await copyFile(source, target, constants.COPYFILE_EXCL);
      } catch (copyError) {
        if (isCode(copyError, 'EEXIST')) continue;
        throw copyError;
      }
    }
    if (beside && !(await beside(target))) {
      await unlink(target);
      continue;
    }
    await unlink(source);
    return target;
  }
}

/** Archive folder for a receipt: `archive/YYYY-MM-DD/` in UTC, so the layout does not depend on the host's zone. */
export function archiveFolder(dir: string, at: Date): string {
  return path.join(dir, ARCHIVE_DIR, at.toISOString().slice(0, 10));
}

export type RefusalReason = 'empty' | 'too-large' | 'unreadable' | 'bad-name';

export interface Refusal {
  reason: RefusalReason;
  message: string;
  size?: number;
}

/** The name a refused file had in the drop folder. */
export interface OriginalName {
  name: string;
  /** As the filesystem had it, when that may differ from `name` (not UTF-8). */
  bytes?: Buffer;
}

/**
 * Characters JSON.stringify leaves as they are but a terminal or an editor would act on (DEL, C1 controls,
 * line separators, bidirectional overrides). They only occur inside strings, so escaping them keeps the JSON.
 */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Moves a refused file to `error/` under a readable name (names.ts) and writes `<stored name>.error.json`
 * beside it, so whoever dropped it can see why without access to the gateway's logs. The note holds the
 * original name, JSON-escaped (and as hex bytes when it is not UTF-8). Returns the path the file now has.
 */
export async function moveToError(
  dir: string,
  source: string,
  original: OriginalName,
  refusal: Refusal,
  at: Date,
): Promise<string> {
  const notUtf8 = original.bytes && !Buffer.from(original.name).equals(original.bytes);
  const writeNote = async (target: string) => {
    const note = {
      file: original.name,
      ...(notUtf8 ? { fileHex: original.bytes!.toString('hex') } : {}),
      storedAs: path.basename(target),
      reason: refusal.reason,
      message: refusal.message,
      ...(refusal.size === undefined ? {} : { size: refusal.size }),
      refusedAt: at.toISOString(),
    };
    const text = JSON.stringify(note, null, 2).replace(
      RAW_IN_JSON,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    try {
      await writeFile(`${target}.error.json`, `${text}\n`, { flag: 'wx' });
      return true;
    } catch (error) {
      // A note of that name is there already (its file removed by hand): take the next free name.
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    }
  };
  return moveWithoutOverwrite(source, path.join(dir, ERROR_DIR), readableName(original.name), writeNote);
}
