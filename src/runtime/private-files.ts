import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger.ts';

/**
 * What the data directory holds (partners' orders in the embedded database, the key their delivery credentials
 * are sealed with) is the gateway user's alone: directories 0700, files 0600.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The permission bits of group and others. */
const OTHERS = 0o077;

/**
 * Sets `target` to `mode` when group or others have any permission on it, with a warning on `log` (an
 * operator should learn that the files were readable, since when is for them to find out). Follows a symbolic
 * link, as opening the path does.
 */
export function closeToOthers(target: string, mode: number, log?: Pick<Logger, 'warn'>): void {
  const had = fs.statSync(target).mode & 0o777;
  if ((had & OTHERS) === 0) return;
  fs.chmodSync(target, mode);
  log?.warn(
    { path: target, mode: had.toString(8), now: mode.toString(8) },
    'was open to group or others; closed to them',
  );
}

/**
 * Creates `dir` (missing parents too) mode 0700; an existing one that group or others may use is set to 0700
 * (with a warning on `log`), so nobody else can reach anything inside, whatever mode a file in it has.
 */
export function ensurePrivateDir(dir: string, log?: Pick<Logger, 'warn'>): void {
  // the mode applies to what mkdir creates, the umask only taking bits away; an existing directory keeps its own
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  closeToOthers(dir, PRIVATE_DIR_MODE, log);
}

/**
 * Every directory under `root` (and `root`) 0700, every file 0600, where group or others had any permission.
 * Symbolic links are left alone: chmod would act on what they point to, which may be outside `root`.
 */
export function closeTreeToOthers(root: string): void {
  closeToOthers(root, PRIVATE_DIR_MODE);
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const target = path.join(root, entry.name);
    if (entry.isDirectory()) closeTreeToOthers(target);
    else if (entry.isFile()) closeToOthers(target, PRIVATE_FILE_MODE);
  }
}
