import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/layers/', import.meta.url));
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');

/** The violations the project's rules find in a tree, as `rule: from → to`. */
async function violations(baseDir: string, paths: string[]): Promise<string[]> {
  const result = await cruise(paths, {
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    doNotFollow: { path: 'node_modules' },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('layering check (npm run lint:layers)', () => {
  it('finds every deliberate violation in a tree that breaks the layers', async () => {
    expect(await violations(FIXTURE, ['src', 'connectors', 'test'])).toEqual([
      'layer-connectors: connectors/door/index.ts → src/pipeline/stages/stage.ts',
      'layer-core: src/core/model.ts → src/db/store.ts',
      'layer-services: src/services/use-case.ts → src/api/route.ts',
      'no-tests-in-product: src/api/route.ts → test/support/helper.ts',
    ]);
  });

  it('passes on this repository, as CI runs it', () => {
    // throws (exit code 1, the violations on stderr) when a layer is broken
    const out = execFileSync('npm', ['run', '--silent', 'lint:layers'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('no dependency violations found');
  }, 60_000);
});
