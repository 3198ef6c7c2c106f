import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_AREAS } from './error-areas.ts';
import { type CodeEntry, ERROR_CODES, ERROR_FAMILIES, type StaticErrorCode } from './error-codes.ts';

/**
 * docs/error-codes.md is generated from the registry: this test fails, printing the expected document, when a
 * code is added, renamed or changed without it. After an intended change:
 * `UPDATE_GOLDEN=1 npx vitest run src/core/error-codes-doc.test.ts` and review the diff.
 */
const DOC = join(import.meta.dirname, '../../docs/error-codes.md');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const cell = (text: string) => text.replaceAll('|', '\\|');
const row = (code: string, info: CodeEntry) =>
  `| \`${code}\` | ${info.kinds.join(', ')} | ${info.in.join(', ')} | ${info.http ?? ''} | ${cell(info.meaning)} |`;

function render(): string {
  const codes = (Object.keys(ERROR_CODES) as StaticErrorCode[]).map((code) => row(code, ERROR_CODES[code]));
  const families = ERROR_FAMILIES.map((family) => row(family.template, family));
  const rows = [...codes, ...families].sort();
  const lists = ERROR_FAMILIES.flatMap((family) => [
    '',
    `### \`${family.template}\``,
    '',
    '| `{code}` | Meaning (X12.6) |',
    '|---|---|',
    ...Object.entries(family.list).map(([code, meaning]) => `| ${code} | ${cell(meaning)} |`),
  ]);
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/core/error-codes.ts by src/core/error-codes-doc.test.ts: do not edit by hand. -->',
    '',
    'Every code the gateway emits, in HTTP error answers (`{ "error": { "code", "message", "details"? } }`),',
    'diagnostics, exceptions, job failures (`jobs.last_error`) and delivery failures. A code is `<area>.<name>`',
    '(or `<area>.<topic>.<name>`), every part snake_case; `{code}` in a family stands for any code of its X12 list.',
    '',
    '**Kind** (DESIGN §6): `retryable` is retried with backoff, then dead-lettered; `permanent` is held for an',
    'operator; `partner_rejectable` is answered to the partner with a rejection (997/999, TA1, 855, HTTP 422);',
    '`warning` and `info` are diagnostics that are reported and kept, and reject nothing.',
    '',
    '**Where**: `api` an HTTP answer (with its status) · `diagnostic` a finding stored with a message, order or',
    'document and printed by `ordergate translate` · `exception` an exception for an operator (a job that failed',
    "for good raises one with the job's code) · `job` a job's failure · `delivery` a transport's send failure ·",
    '`startup` stops `serve` or `worker` from starting.',
    '',
    '| Code | Kind | Where | HTTP | Meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Areas',
    '',
    '| Area | What |',
    '|---|---|',
    ...Object.entries(ERROR_AREAS).map(([area, what]) => `| \`${area}\` | ${cell(what)} |`),
    '',
    '## The code lists of the X12 families',
    ...lists,
    '',
  ].join('\n');
}

describe('docs/error-codes.md', () => {
  it('is the table the registry generates', () => {
    const expected = render();
    if (UPDATE) writeFileSync(DOC, expected);
    let actual = '';
    try {
      actual = readFileSync(DOC, 'utf8');
    } catch {
      // missing: reported below with the whole expected document
    }
    expect(actual, 'regenerate with UPDATE_GOLDEN=1 (see the top of this test)').toBe(expected);
  });
});
