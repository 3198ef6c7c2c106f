import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './support/services.ts';

/** Seconds since the epoch of the sources, and (later) of the build that compiled them. */
const SOURCES_AT = 1_000;
const BUILT_AT = 2_000;
const EDITED_AT = 3_000;

/**
 * A package laid out as a checkout: bin/ (the real launcher), a TypeScript src/cli.ts, a compiled
 * dist/src/cli.js and its build stamp. Each cli prints which one ran.
 */
function makePackage(root: string): void {
  mkdirSync(path.join(root, 'bin'));
  for (const file of ['ordergate.js', 'dist-state.js'])
    copyFileSync(path.join('bin', file), path.join(root, 'bin', file));
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(path.join(root, 'src', 'runtime'), { recursive: true });
  mkdirSync(path.join(root, 'connectors'));
  // a type annotation: only tsx runs this file
  writeFileSync(
    path.join(root, 'src', 'cli.ts'),
    "const ran: string = 'sources';\nprocess.stdout.write(ran);\n",
  );
  writeFileSync(path.join(root, 'src', 'runtime', 'version.ts'), 'export const VERSION = 1;\n');
  mkdirSync(path.join(root, 'dist', 'src'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'src', 'cli.js'), "process.stdout.write('dist');\n");
  writeFileSync(path.join(root, 'dist', 'build-stamp'), String(BUILT_AT * 1000));
  for (const name of ['package.json', 'src', 'connectors']) touchTree(path.join(root, name), SOURCES_AT);
}

/** Sets the modification time of `target` and everything under it. */
function touchTree(target: string, seconds: number): void {
  if (statSync(target).isDirectory()) {
    for (const entry of readdirSync(target)) touchTree(path.join(target, entry), seconds);
  }
  utimesSync(target, seconds, seconds);
}

function run(root: string): string {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'ordergate.js')], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('bin/ordergate.js', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
    makePackage(dir.dir);
  });
  afterEach(() => dir.remove());

  it('runs dist/ when it was built after the last change to the sources', () => {
    expect(run(dir.dir)).toBe('dist');
  });

  it('runs the sources when one changed after the build, or package.json did', () => {
    utimesSync(path.join(dir.dir, 'src', 'runtime', 'version.ts'), EDITED_AT, EDITED_AT);
    expect(run(dir.dir)).toBe('sources');
    touchTree(path.join(dir.dir, 'src'), SOURCES_AT);
    utimesSync(path.join(dir.dir, 'package.json'), EDITED_AT, EDITED_AT);
    expect(run(dir.dir)).toBe('sources');
  });

  it('runs the sources when a source was deleted after the build (its directory changed)', () => {
    rmSync(path.join(dir.dir, 'src', 'runtime', 'version.ts'));
    expect(run(dir.dir)).toBe('sources');
  });

  it('ignores a test edited after the build: tests are not compiled', () => {
    const test = path.join(dir.dir, 'src', 'runtime', 'version.test.ts');
    writeFileSync(test, '');
    utimesSync(test, EDITED_AT, EDITED_AT);
    utimesSync(path.dirname(test), SOURCES_AT, SOURCES_AT);
    expect(run(dir.dir)).toBe('dist');
  });

  it('runs the sources when dist/ is absent or its build did not finish (no stamp)', () => {
    rmSync(path.join(dir.dir, 'dist', 'build-stamp'));
    expect(run(dir.dir)).toBe('sources');
    rmSync(path.join(dir.dir, 'dist'), { recursive: true });
    expect(run(dir.dir)).toBe('sources');
  });

  it('runs dist/ where there are no sources (an installed package)', () => {
    rmSync(path.join(dir.dir, 'src'), { recursive: true });
    rmSync(path.join(dir.dir, 'connectors'), { recursive: true });
    expect(run(dir.dir)).toBe('dist');
  });
});
