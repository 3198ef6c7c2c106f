import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { syncMappingsDir } from '../../src/partners/mapping-store.ts';
import { type DatabaseKind, type TestDatabase, tempDir } from './services.ts';

const REPO_MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

/** A fixture of the example partners' golden files, by path under `mappings/`. */
export const mappingsFixture = (name: string): string => path.join(REPO_MAPPINGS, name);

/** What a studio test works on: a fresh database holding the example partners, and a scratch mappings copy. */
export interface Studio {
  t: TestDatabase;
  /** A copy of the repository's mappings/, stored at "startup" as the gateway does; free to change. */
  dir: string;
}

/**
 * Registers before/after hooks giving each test of the enclosing describe a fresh database of `kind` with
 * the repository's example partners synced from a scratch copy of mappings/ (as a gateway's start does).
 */
export function useStudio(kind: DatabaseKind): Studio {
  const studio = {} as Studio;
  let tmp: { dir: string; remove(): void } | undefined;
  beforeEach(async () => {
    studio.t = await kind.create();
    tmp = tempDir('ordergate-studio-');
    studio.dir = path.join(tmp.dir, 'mappings');
    cpSync(REPO_MAPPINGS, studio.dir, { recursive: true });
    await syncMappingsDir(studio.t.handle.db, studio.dir, 'startup');
  });
  afterEach(async () => {
    await studio.t?.dispose();
    tmp?.remove();
  });
  return studio;
}
