import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { X12AckContent } from '../connectors/x12/index.ts';
import type { DecodeResult, InboundConnector, MessageBytes, ResolvedPartner } from './core/connector.ts';
import type { Order } from './core/order.ts';
import { matchSender, partnerSettingsDefaults } from './core/partner.ts';
import { type LoadedPartner, loadMappings } from './mapping/loader.ts';
import { orderMappings } from './mapping/mapping-file.ts';
import { structuralChecks } from './rules/structural-checks.ts';
import { type TranslateError, translateOutput } from './translate-output.ts';
import { encodeAckInterchange } from './x12/ack-encode.ts';

export const TRANSLATE_FORMATS = ['x12', 'csv', 'xlsx', 'cxml', 'eml'] as const;
type TranslateFormat = (typeof TRANSLATE_FORMATS)[number];

/**
 * The connector that reads each format (CSV and XLSX are both the spreadsheet connector's), imported when its
 * format is read: the registry would load every connector's libraries (exceljs alone takes a second to load)
 * and the transports', which an offline decode never needs. Undefined: not available in this build.
 */
const CONNECTOR_OF: Record<TranslateFormat, () => Promise<InboundConnector<unknown> | undefined>> = {
  x12: async () => (await import('../connectors/x12/index.ts')).x12Connector,
  csv: async () => (await import('../connectors/spreadsheet/index.ts')).spreadsheetConnector,
  xlsx: async () => (await import('../connectors/spreadsheet/index.ts')).spreadsheetConnector,
  cxml: async () => undefined,
  eml: async () => (await import('../connectors/email/decode.ts')).emailConnector,
};

/**
 * The format a file's name says (`orders.xlsx`, `order.eml`, `po.csv`), and for a `.txt` (which X12 and
 * Excel's "Unicode text" both use) its first bytes: an interchange starts with ISA. X12 for any other name.
 */
function formatOf(file: string): TranslateFormat {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'txt') return startsWithIsa(file) ? 'x12' : 'csv';
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  if (extension === 'xlsx' || extension === 'xls') return 'xlsx';
  if (extension === 'eml') return 'eml';
  if (extension === 'xml' || extension === 'cxml') return 'cxml';
  return 'x12';
}

/** Whether the file's first non-blank characters (after a BOM) are "ISA". */
function startsWithIsa(file: string): boolean {
  const head = Buffer.alloc(256);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    // a UTF-8 BOM read as latin1 is three characters
    return /^\s*ISA/.test(
      head
        .subarray(0, read)
        .toString('latin1')
        .replace(/^\xEF\xBB\xBF/, ''),
    );
  } finally {
    closeSync(fd);
  }
}

export const TRANSLATE_HELP = `Usage: ordergate translate FILE [--partner ID] [--format ${TRANSLATE_FORMATS.join('|')}] [--summary | --jsonl]

Decodes FILE offline (no database, no network) and prints JSON, each order as soon as it is decoded:
  { "orders": Order[], "errors": [{ "transaction"?, "code", "message" }], "ack"?: "<997/999 X12 text>" }
or with --jsonl one order per line, then a last line { "errors": [...], "ack"?: "..." }.
The partner's mapping and settings come from ORDERGATE_MAPPINGS_DIR (default ./mappings): --partner names it,
otherwise the interchange sender (ISA05/ISA06) is matched against the partners' X12 identifiers as the gateway
matches them, a mail's From address against their email and domain identifiers (not proved: DMARC needs DNS),
and a spreadsheet without --partner is read with the built-in default mapping as partner "unknown". --format defaults to what the
file's name says (.csv .tsv → csv, .xlsx → xlsx, .eml → eml, .txt by its first bytes, else x12). "ack" is what the gateway would answer (997/999 per the partner's settings, in its delimiters; a
TA1 006 for an unknown sender, whose sets are decoded with the default mapping). "errors" also hold the checks
every order passes before routing. --summary prints only counts and timing, and keeps no order.
Exit status: 0 every transaction accepted, 1 some rejected, 2 unusable input.`;

/** `ordergate translate`: exit 0 all accepted, 1 some rejected, 2 unusable input (DESIGN §5). */
export async function runTranslate(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${TRANSLATE_HELP}`);
  }
  const { summary, jsonl } = parsed.values;
  if (summary && jsonl) return fail('give --summary or --jsonl, not both');
  const file = parsed.positionals[0]!;
  const format = parsed.values.format ?? formatOf(file);
  if (!(TRANSLATE_FORMATS as readonly string[]).includes(format)) {
    return fail(`unknown format "${format}" (use one of ${TRANSLATE_FORMATS.join(', ')})`);
  }
  if (!existsSync(file) || !statSync(file).isFile()) return fail(`no such file: ${file}`);

  let partners: LoadedPartner[];
  try {
    const dir = process.env.ORDERGATE_MAPPINGS_DIR ?? './mappings';
    partners = existsSync(dir) ? (await loadMappings(dir)).partners : [];
  } catch (error) {
    return fail((error as Error).message);
  }
  const forced = parsed.values.partner;
  if (forced && !partners.some((p) => p.partner.id === forced))
    return fail(`no partner "${forced}" in the mappings`);

  const connector = await CONNECTOR_OF[format as TranslateFormat]();
  if (connector === undefined)
    return fail(`the ${format} format is not available in this build yet (x12, csv, xlsx and eml are)`);
  const output = translateOutput(summary ? 'summary' : jsonl ? 'jsonl' : 'json', process.stdout);
  // the checks the validate stage runs on every order, reported here as the 855 would report them
  const checks: ReturnType<typeof structuralChecks> = [];
  const take = (order: Order) => {
    checks.push(...structuralChecks(order));
    return output.order(order);
  };
  const started = performance.now();
  const result = await decodeOffline(
    connector,
    createReadStream(file),
    partners,
    forced,
    path.basename(file),
    take,
  );
  // a connector that reads a message whole returns its orders instead of streaming them
  for (const order of result.orders) await take(order);
  const errors = errorsOf([...result.diagnostics, ...checks]);
  if (result.unusable) {
    // nothing was read, so nothing was written yet: the reasons, in the document shape even with --summary
    await (summary ? translateOutput('json', process.stdout) : output).end({ errors, summary: {} });
    return 2;
  }
  const ack = (result.ack?.documents ?? [])
    .map((d) => encodeAckInterchange((d.content as X12AckContent).plan, { newline: true }))
    .join('');
  const seconds = (performance.now() - started) / 1000;
  await output.end({
    errors,
    ...(ack ? { ack } : {}),
    summary: {
      ...result.counts,
      errors: errors.length,
      seconds: round(seconds),
      mbPerSecond: round(statSync(file).size / 1e6 / seconds),
    },
  });
  const rejected = result.counts?.rejected ?? 0;
  return rejected > 0 || errors.length > 0 ? 1 : 0;
}

/**
 * Decodes `bytes` with `connector` as `ordergate translate` does: no database and no network, each sender
 * matched against `partners` (a mappings folder's) with the gateway's own matcher, or every interchange
 * taken as `forced`'s; control numbers counted from 1 per partner and kind. The answers it plans are the ones
 * the gateway would send (test/translate-parity.test.ts holds them side by side). With `onOrder`, a connector
 * that streams hands each order there as it is decoded instead of returning it (see `ConnectorContext.onOrder`).
 */
export async function decodeOffline(
  connector: InboundConnector<unknown>,
  bytes: MessageBytes,
  partners: readonly LoadedPartner[],
  forced?: string,
  filename?: string,
  onOrder?: (order: Order) => void | Promise<void>,
): Promise<DecodeResult> {
  const messageId = `translate-${randomUUID()}`;
  let sequence = 0;
  const counters = new Map<string, number>();
  const byId = (id: string | undefined) => {
    const loaded = partners.find((p) => p.partner.id === id);
    return loaded ? resolvedPartner(loaded) : undefined;
  };
  const identifiers = partners.flatMap((p) =>
    p.partner.identifiers.map((i) => ({
      partnerId: p.partner.id,
      type: i.type,
      qualifier: i.qualifier ?? '',
      value: i.value,
    })),
  );
  return connector.decode(
    { channel: connector.channel, bytes, receivedAt: new Date(), ...(filename ? { filename } : {}) },
    {
      now: () => new Date(),
      newId: () => `${messageId}-${++sequence}`,
      messageId,
      resolvePartner: async (identifier) =>
        byId(matchSender(identifiers, { ...identifier, qualifier: identifier.qualifier ?? '' })),
      ...(forced
        ? { partner: byId(forced) }
        : connector.id === 'spreadsheet'
          ? { partner: ANY_PARTNER }
          : {}),
      controlNumbers: {
        async next(partnerId, kind) {
          const key = `${partnerId}/${kind}`;
          counters.set(key, (counters.get(key) ?? 0) + 1);
          return counters.get(key)!;
        },
      },
      ...(onOrder ? { onOrder } : {}),
    },
  );
}

/**
 * Whose a spreadsheet is when no --partner names one (a file carries no sender): nobody's in particular, read
 * with the built-in default mapping and the default settings.
 */
const ANY_PARTNER: ResolvedPartner = {
  id: 'unknown',
  name: '(no partner given)',
  settings: {},
  mappings: {},
};

const round = (n: number) => Math.round(n * 1000) / 1000;

function fail(message: string): number {
  process.stderr.write(`ordergate translate: ${message}\n`);
  return 2;
}

function errorsOf(
  diagnostics: { severity: string; code: string; message: string; transaction?: string }[],
): TranslateError[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({
      ...(d.transaction ? { transaction: d.transaction } : {}),
      code: d.code,
      message: d.message,
    }));
}

/** A partner of the mappings folder as the connector contract sees it: settings over their defaults. */
function resolvedPartner(loaded: LoadedPartner): ResolvedPartner {
  const { partner } = loaded;
  return {
    id: partner.id,
    name: partner.name,
    settings: { ...partnerSettingsDefaults(partner.identifiers), ...partner.settings },
    mappings: {
      ...orderMappings(loaded.mappings),
      ...(loaded.mappings.spreadsheet ? { spreadsheet: loaded.mappings.spreadsheet.mapping } : {}),
    },
    versions: Object.fromEntries(Object.entries(loaded.mappings).map(([d, v]) => [d, v.version])),
  };
}

function parse(args: string[]) {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    options: {
      partner: { type: 'string' },
      format: { type: 'string' },
      summary: { type: 'boolean' },
      jsonl: { type: 'boolean' },
    },
  });
  if (parsed.positionals.length !== 1) throw new Error('give exactly one FILE');
  return parsed;
}
