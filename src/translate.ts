import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeX12, type X12Partner } from '../connectors/x12/decode.ts';
import { type LoadedPartner, loadMappings } from './mapping/loader.ts';
import { orderMappings } from './mapping/mapping-file.ts';
import { transactionStatus } from './x12/ack-build.ts';
import { tryEncodeAck } from './x12/ack-encode.ts';
import { ackOptionsFor, planAcknowledgments } from './x12/ack-plan.ts';
import { allDiagnostics } from './x12/results.ts';
import type { InterchangeHeader } from './x12/types.ts';

export const TRANSLATE_FORMATS = ['x12', 'csv', 'xlsx', 'cxml', 'eml'] as const;

export const TRANSLATE_HELP = `Usage: ordergate translate FILE [--partner ID] [--format ${TRANSLATE_FORMATS.join('|')}] [--summary]

Decodes FILE offline (no database, no network) and prints JSON
  { "orders": Order[], "errors": [{ "transaction"?, "code", "message" }], "ack"?: "<997/999 X12 text>" }
The partner's mapping comes from ORDERGATE_MAPPINGS_DIR (default ./mappings): --partner names it, otherwise
the interchange sender (ISA05/ISA06) is matched against the partners' X12 identifiers; an unknown sender is
decoded with the default mapping. --summary prints only counts and timing.
Exit status: 0 every transaction accepted, 1 some rejected, 2 unusable input.`;

/** `ordergate translate`: exit 0 all accepted, 1 some rejected, 2 unusable input (DESIGN §5). */
export async function runTranslate(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${TRANSLATE_HELP}`);
  }
  const file = parsed.positionals[0]!;
  const format = parsed.values.format ?? 'x12';
  if (!(TRANSLATE_FORMATS as readonly string[]).includes(format)) {
    return fail(`unknown format "${format}" (use one of ${TRANSLATE_FORMATS.join(', ')})`);
  }
  if (format !== 'x12') return fail(`the ${format} format is not available in this build yet (x12 is)`);
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

  const started = performance.now();
  const messageId = `translate-${randomUUID()}`;
  let sequence = 0;
  const decoded = await decodeX12(createReadStream(file), {
    messageId,
    newId: () => `${messageId}-${++sequence}`,
    partnerFor: (header) =>
      toX12Partner(forced ? partners.find((p) => p.partner.id === forced) : matchSender(partners, header)),
  });
  const { results } = decoded;
  if (results.interchanges.length === 0) {
    process.stdout.write(
      `${JSON.stringify({ orders: [], errors: errorsOf(allDiagnostics(results)) }, null, 2)}\n`,
    );
    return 2;
  }

  const counters = { interchange: 0, group: 0, transaction: 0 };
  const forcedSettings = forced ? partners.find((p) => p.partner.id === forced)?.partner.settings : undefined;
  const plans = await planAcknowledgments(results, {
    now: new Date(),
    allocate: (kind) => ++counters[kind],
    ...ackOptionsFor(forcedSettings?.ack),
  });
  // an answer nobody can be addressed with is an error in the output, not a crash
  const written = plans.map((plan) => tryEncodeAck(plan, { newline: true }));
  const ack = written.map((w) => ('text' in w ? w.text : '')).join('');

  let rejected = 0;
  for (const interchange of results.interchanges) {
    for (const group of interchange.groups) {
      for (const result of group.transactions)
        if (transactionStatus(interchange, group, result) === 'R') rejected++;
    }
  }
  const unwritable = written.flatMap((w) => ('problem' in w ? [w.problem] : []));
  const errors = errorsOf([...unwritable, ...allDiagnostics(results)]);
  if (parsed.values.summary) {
    const seconds = (performance.now() - started) / 1000;
    const bytes = statSync(file).size;
    const summary = {
      ...decoded.counts,
      rejected,
      errors: errors.length,
      seconds: round(seconds),
      mbPerSecond: round(bytes / 1e6 / seconds),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(
      `${JSON.stringify({ orders: decoded.orders, errors, ...(ack ? { ack } : {}) }, null, 2)}\n`,
    );
  }
  return rejected > 0 || errors.length > 0 ? 1 : 0;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function fail(message: string): number {
  process.stderr.write(`ordergate translate: ${message}\n`);
  return 2;
}

function errorsOf(diagnostics: { severity: string; code: string; message: string; transaction?: string }[]) {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({
      ...(d.transaction ? { transaction: d.transaction } : {}),
      code: d.code,
      message: d.message,
    }));
}

function matchSender(partners: LoadedPartner[], header: InterchangeHeader): LoadedPartner | undefined {
  const id = header.senderId.trim().toUpperCase();
  return partners.find((p) =>
    p.partner.identifiers.some(
      (i) =>
        i.type === 'x12' &&
        i.value.toUpperCase() === id &&
        (!i.qualifier || i.qualifier === header.senderQualifier),
    ),
  );
}

function toX12Partner(loaded: LoadedPartner | undefined): X12Partner | undefined {
  if (!loaded) return undefined;
  return { id: loaded.partner.id, mappings: orderMappings(loaded.mappings) };
}

function parse(args: string[]) {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    options: { partner: { type: 'string' }, format: { type: 'string' }, summary: { type: 'boolean' } },
  });
  if (parsed.positionals.length !== 1) throw new Error('give exactly one FILE');
  return parsed;
}
