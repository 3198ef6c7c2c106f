import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spreadsheetConnector } from '../connectors/spreadsheet/index.ts';
import type { ConnectorContext, ResolvedPartner } from '../src/core/connector.ts';
import { Order } from '../src/core/order.ts';
import { loadMappings } from '../src/mapping/loader.ts';

/**
 * Golden files of the spreadsheet connector: every fixture of test/fixtures/spreadsheets (read with the
 * built-in default mapping, as from a partner without one) and of mappings/<partner>/fixtures/spreadsheet.vN
 * (read with that version) decodes to exactly the `{ orders, problems }` of its golden JSON. After an
 * intended change: `UPDATE_GOLDEN=1 npx vitest run test/spreadsheet-golden.test.ts`, and read the diff
 * against the files: a golden must be what a person reads from the sheet.
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FIXTURES = fileURLToPath(new URL('fixtures/spreadsheets/', import.meta.url));
const MAPPINGS = fileURLToPath(new URL('../mappings/', import.meta.url));
const INPUT = /\.(csv|txt|xlsx|xls)$/;

function context(partner: ResolvedPartner, messageId: string): ConnectorContext {
  let ids = 0;
  return {
    now: () => new Date('2026-12-01T09:00:00Z'),
    newId: () => `order-${++ids}`,
    messageId,
    partner,
    resolvePartner: async () => undefined,
    controlNumbers: { next: async () => 1 },
  };
}

async function checkGolden(input: string, goldenPath: string, partner: ResolvedPartner) {
  const name = path.basename(input);
  const result = await spreadsheetConnector.decode(
    {
      channel: 'email',
      bytes: readFileSync(input),
      receivedAt: new Date('2026-12-01T09:00:00Z'),
      filename: name,
    },
    context(partner, name),
  );
  for (const order of result.orders) expect(Order.parse(order)).toEqual(order);
  const actual = JSON.parse(JSON.stringify({ orders: result.orders, problems: result.diagnostics }));
  if (UPDATE) {
    mkdirSync(path.dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
  }
  expect(existsSync(goldenPath), `${goldenPath} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(
    true,
  );
  expect(actual).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
}

const anyPartner: ResolvedPartner = {
  id: 'acme',
  name: 'Acme',
  settings: { defaultCurrency: 'EUR', badRows: 'accept-good-rows' },
  mappings: {},
};

describe('spreadsheet fixtures, read with the default mapping', () => {
  const inputs = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((name) => INPUT.test(name)) : [];
  it.each(inputs)('%s', async (input) => {
    await checkGolden(
      path.join(FIXTURES, input),
      path.join(FIXTURES, 'golden', input.replace(INPUT, '.json')),
      anyPartner,
    );
  });
});

const { partners } = await loadMappings(MAPPINGS);
describe.each(
  partners
    .filter((p) => p.versions.some((v) => v.document === 'spreadsheet'))
    .map((p) => [p.partner.id, p] as const),
)('partner %s', (id, loaded) => {
  const versions = loaded.versions.filter((v) => v.document === 'spreadsheet');
  describe.each(versions.map((v) => [`spreadsheet.v${v.version}`, v] as const))('%s', (folder, version) => {
    const directory = path.join(MAPPINGS, id, 'fixtures', folder);
    const inputs = existsSync(directory) ? readdirSync(directory).filter((name) => INPUT.test(name)) : [];
    it('has at least one golden fixture', () => {
      expect(inputs.length).toBeGreaterThan(0);
    });
    it.each(inputs)('%s decodes to the expected orders', async (input) => {
      const partner: ResolvedPartner = {
        id,
        name: loaded.partner.name,
        settings: loaded.partner.settings,
        mappings: { spreadsheet: version },
      };
      await checkGolden(
        path.join(directory, input),
        path.join(directory, input.replace(INPUT, '.json')),
        partner,
      );
    });
  });
});
