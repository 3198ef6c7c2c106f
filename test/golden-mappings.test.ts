import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { counterIds } from '../connectors/x12/fixtures/build-set.ts';
import { mapPurchaseOrder } from '../connectors/x12/map-850.ts';
import { mapPurchaseOrderChange } from '../connectors/x12/map-860.ts';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import type { Order } from '../src/core/order.ts';
import { loadMappings, type MappingVersion } from '../src/mapping/loader.ts';
import { isOrderDocument } from '../src/mapping/mapping-file.ts';
import { readX12Sync } from '../src/x12/reader.ts';

/**
 * Golden files of every partner mapping version (DESIGN §7.5): each `fixtures/<doc>.v<N>/<name>.edi` must
 * decode (X12 reader → mapper) to exactly the `<name>.json` beside it. After an intended change, rewrite
 * them with `UPDATE_GOLDEN=1 npx vitest run test/golden-mappings.test.ts` and review the diff.
 */
const ROOT = fileURLToPath(new URL('../mappings/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const { partners } = await loadMappings(ROOT);

interface Golden {
  orders: Order[];
  diagnostics: Diagnostic[];
}

type OrderVersion = Extract<MappingVersion, { document: '850' | '860' }>;

function decode(bytes: Buffer, version: OrderVersion, partnerId: string, messageId: string): Golden {
  const golden: Golden = { orders: [], diagnostics: [] };
  const ctx = { partnerId, messageId, newId: counterIds() };
  for (const event of readX12Sync(bytes)) {
    if (event.kind !== 'transaction' || event.set.type !== version.document) continue;
    // fixtures must be well-formed X12: an envelope error would hide what the mapping does
    expect(event.set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const map = version.document === '850' ? mapPurchaseOrder : mapPurchaseOrderChange;
    const result = map(event.set, version.mapping, ctx);
    if (result.order) golden.orders.push(result.order);
    golden.diagnostics.push(...result.diagnostics);
  }
  return golden;
}

describe.each(partners.map((loaded) => [loaded.partner.id, loaded] as const))(
  'partner %s',
  (partnerId, loaded) => {
    const fixturesRoot = path.join(ROOT, partnerId, 'fixtures');

    it('has fixtures only for mapping versions that exist', () => {
      const folders = readdirSync(fixturesRoot, { withFileTypes: true }).filter((entry) =>
        entry.isDirectory(),
      );
      const known = loaded.versions.map((v) => `${v.document}.v${v.version}`);
      expect(
        folders.map((entry) => entry.name).filter((name) => name !== 'LICENSES' && !known.includes(name)),
      ).toEqual([]);
    });

    // outbound versions (canonical → X12) have their goldens checked in golden-outbound.test.ts
    const orderVersions = loaded.versions.filter((v): v is OrderVersion => isOrderDocument(v.document));
    describe.each(orderVersions.map((v) => [`${v.document}.v${v.version}`, v] as const))(
      '%s',
      (folder, version) => {
        const directory = path.join(fixturesRoot, folder);
        const inputs = existsSync(directory)
          ? readdirSync(directory).filter((name) => name.endsWith('.edi'))
          : [];

        it('has at least one golden fixture', () => {
          expect(inputs.length).toBeGreaterThan(0);
        });

        it.each(inputs)('%s decodes to the expected orders', (input) => {
          const expectedPath = path.join(directory, input.replace(/\.edi$/, '.json'));
          const actual = decode(readFileSync(path.join(directory, input)), version, partnerId, input);
          expect(actual.orders.length).toBeGreaterThan(0);
          if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
          expect(
            existsSync(expectedPath),
            `${expectedPath} is missing: every fixture needs its expected JSON`,
          ).toBe(true);
          expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
        });
      },
    );
  },
);
