import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_AREAS } from './error-areas.ts';
import {
  ERROR_CODE_STYLE,
  ERROR_CODES,
  ERROR_FAMILIES,
  errorCodeEntry,
  isErrorCode,
  type StaticErrorCode,
} from './error-codes.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Every file under `dir` whose name ends with one of `endings`, skipping installed packages. */
function filesUnder(dir: string, endings: readonly string[]): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => endings.some((ending) => name.endsWith(ending)) && !name.includes('node_modules'))
    .map((name) => join(dir, name));
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const isTest = (file: string) => file.endsWith('.test.ts') || file.startsWith('test/');
const sources = ['src', 'connectors', 'test'].flatMap((dir) => filesUnder(dir, ['.ts']));
/** Golden files and fixtures: stored diagnostics carry codes too. */
const fixtures = ['mappings', 'test/fixtures', 'connectors/x12/fixtures'].flatMap((dir) =>
  filesUnder(dir, ['.json']),
);

/**
 * String literals standing where a code goes: `code: '…'`, `code === '…'`, the error factories' and errorBody's
 * first argument, a GatewayError's second, a test's `.code).toBe('…')`, JSON's `"code": "…"`. Not ours, so
 * skipped: a literal without a lower-case letter (an X12 data code, `code: 'ST'`, an AK304 `'8'`), zod's issue
 * codes (`issue.code === 'invalid_key'`, `code: 'custom'`), `typeof code === 'string'`.
 */
const CODE_POSITIONS = [
  /(?<!typeof [\w.]*|issue\.)\bcode\s*(?::|===|!==)\s*(['"`])([^'"`\n]*)\1/g,
  /\b(?:permanent|retryable|partnerRejectable|errorBody)\(\s*(['"`])([^'"`\n]*)\1/g,
  /\bnew GatewayError\(\s*'\w+',\s*(['"`])([^'"`\n]*)\1/g,
  /\.code\)\.toBe\((['"`])([^'"`\n]*)\1/g,
  /"code"\s*:\s*(")([^"\n]*)"/g,
];

/** A test's stale code, to check that a shape carrying one is taken as unclassified. */
const UNREGISTERED_ON_PURPOSE = new Set(['src/core/errors.test.ts: bad_mapping']);

function codeLiterals(files: readonly string[]): { file: string; code: string }[] {
  return files.flatMap((file) => {
    const text = read(file);
    return CODE_POSITIONS.flatMap((pattern) =>
      [...text.matchAll(pattern)].map((match) => ({ file, code: match[2]! })),
    ).filter(({ code }) => /[a-z]/.test(code) && code !== 'custom' && !code.includes('${'));
  });
}

describe('the error-code registry', () => {
  const statics = Object.keys(ERROR_CODES) as StaticErrorCode[];

  it('writes every code in the one style, under a registered area', () => {
    expect(statics.filter((code) => !ERROR_CODE_STYLE.test(code))).toEqual([]);
    for (const family of ERROR_FAMILIES) {
      const members = Object.keys(family.list).map((code) => `${family.prefix}${code}`);
      expect(
        members.filter((code) => !ERROR_CODE_STYLE.test(code)),
        family.template,
      ).toEqual([]);
      expect(family.template).toBe(`${family.prefix}{code}`);
    }
  });

  it('uses every area, and gives every API answer (and only those) an HTTP status', () => {
    const used = new Set(
      [...statics, ...ERROR_FAMILIES.map((f) => f.prefix)].map((code) => code.split('.')[0]),
    );
    expect(Object.keys(ERROR_AREAS).filter((area) => !used.has(area))).toEqual([]);
    for (const code of statics) {
      const info = errorCodeEntry(code);
      expect(info.http !== undefined, code).toBe(info.in.includes('api'));
      expect(info.kinds.length, code).toBeGreaterThan(0);
      expect(info.meaning, code).not.toBe('');
    }
  });

  it('knows the static codes and exactly the members of each family', () => {
    expect(isErrorCode('request.not_found')).toBe(true);
    expect(isErrorCode('x12.element.7')).toBe(true);
    expect(isErrorCode('x12.interchange.022')).toBe(true);
    expect(errorCodeEntry('x12.interchange.022').meaning).toMatch(/TA105/);
    for (const unknown of [
      'x12.element.11',
      'x12.element.',
      'x12.interchange.22',
      'request.nope',
      'not_found',
      '',
    ])
      expect(isErrorCode(unknown), unknown).toBe(false);
  });

  it('registers every code the sources, tests and golden files use', () => {
    const found = codeLiterals([...sources, ...fixtures]);
    // the scan itself must see codes in each kind of place: a factory, errorBody, a test, a golden file
    const seen = new Set(found.map(({ file, code }) => `${file.split('/')[0]} ${code}`));
    for (const place of ['connectors sftp.timeout', 'src request.not_found', 'test auth.unauthorized'])
      expect(seen, place).toContain(place);
    expect(found.some(({ file }) => file.endsWith('.json'))).toBe(true);
    const unregistered = found.filter(
      ({ file, code }) => !isErrorCode(code) && !UNREGISTERED_ON_PURPOSE.has(`${file}: ${code}`),
    );
    expect(unregistered.map(({ file, code }) => `${relative(ROOT, join(ROOT, file))}: ${code}`)).toEqual([]);
  });

  it('has no code that nothing emits: each static code is written in a source outside the tests', () => {
    const text = sources
      .filter(
        (file) =>
          !isTest(file) && !file.startsWith('src/core/error-codes') && !file.includes('x12-error-codes'),
      )
      .map(read)
      .join('\n');
    expect(statics.filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });
});
