// Whether dist/ (`npm run build`) was built from the sources as they are now. bin/ordergate.js asks at every
// start, so this stays cheap: one stat per source file (about 500, a few ms), no hashing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root (bin/ is one level below it). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The build's output; its layout mirrors the package's (dist/src/cli.js, dist/connectors/…). */
export const DIST = `${ROOT}dist`;
/** Written last by the build: the time (ms since the epoch) the build started reading the sources. */
export const STAMP = `${DIST}/build-stamp`;

/** What the build compiles, or reads to compile: a change to any of them makes dist/ stale. */
const SOURCE_DIRS = ['src', 'connectors'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * The newest modification time (ms) among the sources, or undefined when there are none (an installed
 * package or the Docker image, which hold dist/ only). Directories count too: deleting or renaming a file
 * changes its directory's time. Tests are not compiled, so their edits do not count.
 */
export function newestSourceTime() {
  let newest;
  const visit = (path, isDirectory) => {
    let time;
    try {
      time = statSync(path).mtimeMs;
    } catch {
      return;
    }
    newest = Math.max(newest ?? 0, time);
    if (!isDirectory) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(`${path}/${entry.name}`, true);
      else if (!entry.name.endsWith('.test.ts')) visit(`${path}/${entry.name}`, false);
    }
  };
  for (const dir of SOURCE_DIRS) visit(`${ROOT}${dir}`, true);
  if (newest === undefined) return undefined;
  for (const file of SOURCE_FILES) visit(`${ROOT}${file}`, false);
  return newest;
}

/** When dist/ was built (its stamp), or undefined when it is absent or half-written. */
export function builtAt() {
  try {
    return Number(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** dist/ exists, and no source changed since its build started. */
export function distIsCurrent() {
  const built = builtAt();
  if (built === undefined) return false;
  const sources = newestSourceTime();
  return sources === undefined || sources < built;
}
