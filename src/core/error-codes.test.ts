import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ELEMENT_ERRORS,
  GROUP_ERRORS,
  INTERCHANGE_NOTES,
  SEGMENT_ERRORS,
  TRANSACTION_ERRORS,
} from '../x12/codes.ts';
import { ERROR_CODE_FAMILIES, ERROR_CODES, errorCodeEntry, isErrorCode } from './error-codes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = `${ROOT}docs/error-codes.md`;

/**
 * Codes named before the registry, kept as partners, admins and stored exceptions know them (a bare API code,
 * a kebab name). The style test holds every other code to `<area>.<snake_case>`; this list may only shrink.
 */
const NAMED_BEFORE_THE_STYLE = new Set([
  'channel_not_supported',
  'connector_exists',
  'document_not_cancellable',
  'file-drop.folder-unusable',
  'file-drop.not-a-folder',
  'folder-out.name-too-long',
  'folder-out.outside-outbox',
  'forbidden',
  'identifier_taken',
  'internal',
  'invalid_request',
  'invalid_text',
  'mapping_changed',
  'message_not_found',
  'not_found',
  'not_x12',
  'order_not_accepted',
  'orders_of_several_partners',
  'partner_exists',
  'payload_too_large',
  'sftp.bad-key',
  'sftp.bad-name',
  'sftp.host-key-mismatch',
  'sftp.permission-denied',
  'sftp.remote-dir-missing',
  'smtp.auth-failed',
  'smtp.recipient-refused',
  'too_many_attempts',
  'unauthorized',
  'unavailable',
  'unsupported_media_type',
  'x12.mapping.855-extra-ack',
  'x12.mapping.855-status-mismatch',
  'x12.mapping.855-unknown-status',
  'x12.mapping.856-hl-child-code',
  'x12.mapping.856-hl-duplicate-id',
  'x12.mapping.856-hl-parent-missing',
  'x12.mapping.856-hl-parent-unknown',
  'x12.mapping.856-hl-structure',
  'x12.mapping.856-no-orders',
  'x12.mapping.856-no-packs',
  'x12.mapping.856-pack-sscc-missing',
  'x12.mapping.856-ship-date-assumed',
  'x12.mapping.856-sscc-invalid',
  'x12.mapping.amount-total',
  'x12.mapping.default-uom',
  'x12.mapping.destination-quantity',
  'x12.mapping.duplicate-line-number',
  'x12.mapping.hash-total',
  'x12.mapping.invalid-acknowledgment',
  'x12.mapping.invalid-invoice',
  'x12.mapping.invalid-order',
  'x12.mapping.invalid-shipment',
  'x12.mapping.invoice-total',
  'x12.mapping.line-allowance-charge',
  'x12.mapping.line-count',
  'x12.mapping.line-currency',
  'x12.mapping.line-number-assigned',
  'x12.mapping.negative-quantity',
  'x12.mapping.no-lines',
  'x12.mapping.po-number-missing',
  'x12.mapping.quantity-missing',
  'x12.mapping.shifted-item-id',
  'x12.mapping.wrong-document',
  'x12.unmapped-element',
  'x12.unmapped-segment',
  'x12.writer.delimiter-in-data',
]);

/** docs/error-codes.md as the registry writes it. */
function renderDocument(): string {
  const row = (code: string, entry: { kind: string; http?: number; meaning: string }) =>
    `| \`${code}\` | ${entry.kind} | ${entry.http ?? ''} | ${entry.meaning} |`;
  return [
    '# Error codes',
    '',
    'Every code the gateway emits: in an HTTP answer (`error.code`), a diagnostic (a finding about a message or',
    'an order), an exception an operator works, and a job’s `lastError`. Generated from `src/core/error-codes.ts`',
    '(`UPDATE_ERROR_CODES=1 npx vitest run src/core/error-codes.test.ts` rewrites this file; the test fails when',
    'the two differ). Kinds: `retryable`, `permanent` and `partner_rejectable` errors (DESIGN §6); `finding`, a',
    'diagnostic whose severity is per finding; `answer`, a code only an HTTP answer carries. New codes are',
    '`<area>.<snake_case>`.',
    '',
    '| code | kind | HTTP | meaning |',
    '|---|---|---|---|',
    ...Object.entries(ERROR_CODES).map(([code, entry]) => row(code, entry)),
    '',
    '## Families',
    '',
    'Codes made from a code list: `{code}` is the list’s value (the X12 lists are in `src/x12/codes.ts`).',
    '',
    '| code | kind | HTTP | meaning |',
    '|---|---|---|---|',
    ...Object.entries(ERROR_CODE_FAMILIES).map(([code, entry]) => row(code, entry)),
    '',
  ].join('\n');
}

/** The product sources (no tests, no fixtures), as git lists them. */
function productSources(): { file: string; text: string }[] {
  return execFileSync('git', ['ls-files', 'src', 'connectors'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('/fixtures/'))
    .filter((file) => file !== 'src/core/error-codes.ts')
    .map((file) => ({ file, text: readFileSync(`${ROOT}${file}`, 'utf8') }));
}

// An unregistered code is refused by tsc wherever one is written (GatewayError, Diagnostic, exceptions, the API's
// errorBody all take ErrorCode); these tests hold the registry to the sources the other way round.
describe('the error-code registry', () => {
  it('is documented in docs/error-codes.md, exactly', () => {
    const expected = renderDocument();
    if (process.env.UPDATE_ERROR_CODES === '1') writeFileSync(DOC, expected);
    expect(readFileSync(DOC, 'utf8')).toBe(expected);
  });

  it('holds every code to one style, but for the codes named before it', () => {
    // the list of old names only shrinks: a code renamed or gone must leave it too
    expect([...NAMED_BEFORE_THE_STYLE].filter((code) => !Object.hasOwn(ERROR_CODES, code))).toEqual([]);
    const offStyle = Object.keys(ERROR_CODES).filter(
      (code) =>
        !/^[a-z][a-z0-9-]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(code) && !NAMED_BEFORE_THE_STYLE.has(code),
    );
    expect(offStyle).toEqual([]);
    for (const family of Object.keys(ERROR_CODE_FAMILIES))
      expect(family).toMatch(/^[a-z0-9]+\.[a-z]+\.\{code\}$/);
  });

  it('lists only codes the sources emit: each static code is written somewhere', () => {
    const sources = productSources();
    const written = (code: string) => {
      const [area, ...rest] = code.split('.');
      const name = rest.join('.');
      return sources.some(
        ({ text }) =>
          text.includes(`'${code}'`) ||
          // composed where it is raised: `order.${code}` with the name written alone
          (text.includes(`\`${area}.\${`) && text.includes(`'${name}'`)),
      );
    };
    expect(Object.keys(ERROR_CODES).filter((code) => !written(code))).toEqual([]);
  });

  it('reads a family member back by its prefix, and each X12 family covers its code list', () => {
    const lists = {
      'x12.segment.': SEGMENT_ERRORS,
      'x12.element.': ELEMENT_ERRORS,
      'x12.transaction.': TRANSACTION_ERRORS,
      'x12.group.': GROUP_ERRORS,
      'x12.interchange.': INTERCHANGE_NOTES,
    };
    for (const [prefix, list] of Object.entries(lists))
      for (const value of Object.keys(list)) {
        expect(isErrorCode(`${prefix}${value}`)).toBe(true);
        expect(errorCodeEntry(`${prefix}${value}` as never).kind).toBe('partner_rejectable');
      }
    expect(isErrorCode('x12.deviation.not-utf8')).toBe(true);
    expect(isErrorCode('x12.element.')).toBe(false);
    expect(isErrorCode('made.up')).toBe(false);
    expect(errorCodeEntry('partner_exists').http).toBe(409);
  });
});
