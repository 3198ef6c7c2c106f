import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { spreadsheetConnector } from '../../../connectors/spreadsheet/index.ts';
import { mapPurchaseOrder } from '../../../connectors/x12/map-850.ts';
import { mapPurchaseOrderChange } from '../../../connectors/x12/map-860.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { Order } from '../../core/order.ts';
import type { ResolvedOrderMapping } from '../../mapping/order-mapping.schema.ts';
import type { StoredMappingContent } from '../../mapping/stored-mapping.ts';
import type { PartnerAgreement } from '../../partners/partner-lookup.ts';
import { readX12Sync } from '../../x12/reader.ts';
import type { OrderReadingDocument } from './decode-with-version.ts';
import { resolvedVersion } from './decode-with-version.ts';

/** How a version was checked before activation, and what failed. */
export interface GoldenReport {
  /**
   * `own`: the version's own fixtures (`fixtures/<doc>.v<N>/`) decoded exactly to their JSON; `others`: no own
   * fixtures, so every input of the document's other versions' fixtures must decode to orders without an error
   * (the draft may mean to change them: the bench and the shadow replay show how); `none`: the partner has no
   * fixture of this document (the sample is then checked by the caller).
   */
  mode: 'own' | 'others' | 'none';
  checked: string[];
  failures: { fixture: string; message: string }[];
}

const INPUT: Record<OrderReadingDocument, RegExp> = {
  '850': /\.edi$/,
  '860': /\.edi$/,
  spreadsheet: /\.(csv|txt|xlsx|xls)$/,
};

/** The clock and ids the golden tests decode with, so an exact comparison means what the tests mean. */
const GOLDEN_NOW = new Date('2026-12-01T09:00:00Z');
function counter(): () => string {
  let next = 0;
  return () => `order-${++next}`;
}

/** What one fixture decodes to, as test/golden-mappings.test.ts and test/spreadsheet-golden.test.ts write it. */
async function decodeFixture(
  document: OrderReadingDocument,
  content: StoredMappingContent,
  partner: PartnerAgreement,
  bytes: Uint8Array,
  name: string,
): Promise<{ orders: Order[]; diagnostics: Diagnostic[] }> {
  const mapping = resolvedVersion(content);
  if (document === 'spreadsheet') {
    const newId = counter();
    const result = await spreadsheetConnector.decode(
      { channel: 'email', bytes, receivedAt: GOLDEN_NOW, filename: name },
      {
        now: () => GOLDEN_NOW,
        newId,
        messageId: name,
        partner: {
          id: partner.id,
          name: partner.name,
          settings: partner.settings,
          mappings: { spreadsheet: mapping },
        },
        resolvePartner: async () => undefined,
        controlNumbers: { next: async () => 1 },
      },
    );
    return { orders: result.orders, diagnostics: result.diagnostics };
  }
  const golden = { orders: [] as Order[], diagnostics: [] as Diagnostic[] };
  const ctx = { partnerId: partner.id, messageId: name, newId: counter() };
  const map = document === '850' ? mapPurchaseOrder : mapPurchaseOrderChange;
  for (const event of readX12Sync(bytes)) {
    if (event.kind !== 'transaction' || event.set.type !== document) continue;
    golden.diagnostics.push(...event.set.diagnostics.filter((d) => d.severity === 'error'));
    const result = map(event.set, mapping as ResolvedOrderMapping, ctx);
    if (result.order) golden.orders.push(result.order);
    golden.diagnostics.push(...result.diagnostics);
  }
  return golden;
}

/** The fixture inputs of one folder, sorted; none when it does not exist. */
async function inputsOf(folder: string, document: OrderReadingDocument): Promise<string[]> {
  if (!existsSync(folder)) return [];
  return (await readdir(folder)).filter((name) => INPUT[document].test(name)).sort();
}

/**
 * Checks a version against the partner's golden fixtures under `<mappingsDir>/<partner>/fixtures/` (the files
 * CI checks, see mappings/README.md): its own folder exactly when there is one, else the inputs of the
 * document's other versions must still decode to orders without errors. See {@link GoldenReport}.
 */
export async function goldenCheck(
  mappingsDir: string,
  partner: PartnerAgreement,
  document: OrderReadingDocument,
  version: { version: number; content: StoredMappingContent },
): Promise<GoldenReport> {
  const root = path.join(mappingsDir, partner.id, 'fixtures');
  const own = path.join(root, `${document}.v${version.version}`);
  const ownInputs = await inputsOf(own, document);
  const report: GoldenReport = { mode: 'own', checked: [], failures: [] };
  if (ownInputs.length > 0) {
    for (const name of ownInputs) {
      const fixture = `${document}.v${version.version}/${name}`;
      report.checked.push(fixture);
      const expectedPath = path.join(own, name.replace(INPUT[document], '.json'));
      if (!existsSync(expectedPath)) {
        report.failures.push({ fixture, message: 'has no expected JSON beside it' });
        continue;
      }
      const actual = await decodeFixture(
        document,
        version.content,
        partner,
        await readFile(path.join(own, name)),
        name,
      );
      const comparable = JSON.parse(JSON.stringify(actual));
      const expected = JSON.parse(await readFile(expectedPath, 'utf8'));
      // the spreadsheet goldens name their findings `problems`, the X12 ones `diagnostics`
      const want =
        document === 'spreadsheet' ? { orders: expected.orders, diagnostics: expected.problems } : expected;
      if (!isDeepStrictEqual(comparable, want))
        report.failures.push({
          fixture,
          message: 'decodes to other orders or findings than its expected JSON',
        });
    }
    return report;
  }
  report.mode = 'others';
  const folders = existsSync(root)
    ? (await readdir(root)).filter((name) => name.startsWith(`${document}.v`)).sort()
    : [];
  for (const folder of folders) {
    for (const name of await inputsOf(path.join(root, folder), document)) {
      const fixture = `${folder}/${name}`;
      report.checked.push(fixture);
      const bytes = await readFile(path.join(root, folder, name));
      const actual = await decodeFixture(document, version.content, partner, bytes, name);
      const errors = actual.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0 || actual.orders.length === 0)
        report.failures.push({
          fixture,
          message:
            errors.length > 0
              ? errors.map((e) => `${e.code}: ${e.message}`).join('; ')
              : 'decodes to no order',
        });
    }
  }
  if (report.checked.length === 0) report.mode = 'none';
  return report;
}
