import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding ordergate's package.json: the first one above this file. The same directory whether
 * this module runs from the sources (src/runtime/) or the build (dist/src/runtime/), so files that are not
 * compiled (migrations/, package.json) are found from either.
 */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** A path under the package root, e.g. `packagePath('migrations')`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

/**
 * The module `specifier` (relative, without extension) beside the module at `base` (its `import.meta.url`),
 * with `base`'s own extension: `.ts` when running the sources, `.js` when running the build. For worker
 * threads' modules, which are URLs the compiler does not rewrite as it does imports.
 */
export function siblingModule(base: string, specifier: string): URL {
  const extension = base.slice(base.lastIndexOf('.'));
  return new URL(`${specifier}${extension}`, base);
}
