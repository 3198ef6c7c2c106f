import { statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/services.ts';
import { readyFiles } from './folder.ts';

describe('readyFiles', () => {
  const folder = tempDir('ordergate-ready-');
  afterAll(() => folder.remove());

  it('takes, with settleMs 0, a file written within the millisecond of the pass (found by the fuzz suite)', async () => {
    const file = path.join(folder.dir, 'po.edi');
    writeFileSync(file, 'ISA');
    // modified 0.4 ms into the millisecond the pass reads as `now`: Date.now() has no fractions, mtime has
    const second = 1_796_000_000;
    utimesSync(file, second + 0.0004, second + 0.0004);
    const mtime = statSync(file).mtimeMs;
    expect(mtime % 1).toBeGreaterThan(0);
    const ready = await readyFiles(folder.dir, 0, Math.floor(mtime));
    expect(ready.map((f) => f.name)).toEqual(['po.edi']);
    // and a settle time still holds a file back until it has passed
    expect(await readyFiles(folder.dir, 1_000, Math.floor(mtime) + 999)).toEqual([]);
  });
});
