import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

/**
 * Regular files at the top level of `dir` that look complete: not a dotfile, not `.tmp`/`.part`, and not
 * modified for `settleMs` (a sender that writes in place is still writing while the mtime moves). Symlinks
 * and folders (archive/, error/, anything else) are skipped: a rename would move the link, not the data.
 */
export async function readyFiles(dir: string, settleMs: number, now: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const ready: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !isCandidateName(entry.name)) continue;
    try {
      const info = await stat(path.join(dir, entry.name));
      if (now - info.mtimeMs >= settleMs) ready.push(entry.name);
    } catch {
      // Gone between readdir and stat: another poller took it.
    }
  }
  return ready.sort();
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
 */
export async function moveWithoutOverwrite(source: string, folder: string, name: string): Promise<string> {
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
    await unlink(source);
    return target;
  }
}

/** Archive folder for a receipt: `archive/YYYY-MM-DD/` in UTC, so the layout does not depend on the host's zone. */
export function archiveFolder(dir: string, at: Date): string {
  return path.join(dir, ARCHIVE_DIR, at.toISOString().slice(0, 10));
}

export type RefusalReason = 'empty' | 'too-large' | 'unreadable';

export interface Refusal {
  reason: RefusalReason;
  message: string;
  size?: number;
}

/**
 * Moves a refused file to `error/` and writes `<stored name>.error.json` beside it, so whoever dropped it can
 * see why without access to the gateway's logs. Returns the path the file now has.
 */
export async function moveToError(
  dir: string,
  source: string,
  name: string,
  refusal: Refusal,
  at: Date,
): Promise<string> {
  const moved = await moveWithoutOverwrite(source, path.join(dir, ERROR_DIR), name);
  const note = {
    file: name,
    storedAs: path.basename(moved),
    reason: refusal.reason,
    message: refusal.message,
    ...(refusal.size === undefined ? {} : { size: refusal.size }),
    refusedAt: at.toISOString(),
  };
  await writeFile(`${moved}.error.json`, `${JSON.stringify(note, null, 2)}\n`, { flag: 'wx' });
  return moved;
}
