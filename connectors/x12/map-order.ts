import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { hasErrors } from '../../src/core/diagnostic.ts';
import type { Order, OrderInput, OrderLine } from '../../src/core/order.ts';
import { safeParseOrder } from '../../src/core/order-check.ts';
import { DateField, type ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import type { TransactionSet } from '../../src/x12/types.ts';
import { Findings } from './map-diagnostics.ts';
import { fieldOf, type MapEnv, newDraft, preferred, type Qualified } from './map-draft.ts';
import { finishLines } from './map-lines.ts';
import { applyOverrides } from './map-overrides.ts';
import { resolveParties } from './map-parties.ts';
import { computeTotals } from './map-totals.ts';
import { type DocumentProfile, walkTransaction } from './map-walk.ts';

/** What the mapper needs besides the set and the mapping; ids come from the caller so tests are deterministic. */
export interface MapContext {
  partnerId: string;
  messageId: string;
  newId(): string;
}

/** An order only when no error was found; the diagnostics either way. */
export interface MapResult {
  order?: Order;
  diagnostics: Diagnostic[];
}

/**
 * One value per field by preference; every other candidate is reported, since only one can be kept
 * (a second DTM*002, or DTM*106 when DTM*002 already gave the delivery date).
 */
function pickByPreference<F extends string>(
  env: MapEnv,
  candidates: readonly Qualified[],
  fields: readonly F[],
  table: Partial<Record<F, string[]>>,
  what: string,
): Partial<Record<F, string>> {
  const picked: Partial<Record<F, string>> = {};
  const used = new Set<Qualified>();
  for (const field of fields) {
    const best = preferred(candidates, table[field] ?? []);
    if (best) {
      picked[field] = best.value;
      used.add(best);
    }
  }
  for (const candidate of candidates) {
    if (used.has(candidate)) continue;
    const field = fieldOf(table, candidate.qualifier);
    if (field === undefined) continue;
    env.findings.unmapped(
      `${candidate.segment.tag} ${candidate.qualifier} "${candidate.value}" not used: ${what} ${field} was taken from another one`,
      candidate.segment,
    );
  }
  return picked;
}

const DATE_LABELS: Record<DateField, string> = {
  requestedShip: 'requested ship date',
  requestedDelivery: 'requested delivery date',
  cancelAfter: 'cancel after',
  shipNotBefore: 'ship not before',
};

/**
 * Header dates by preference, then line dates (PO1/POC loop DTM): a date the header lacks is lifted from
 * the first line that has it; a line date that differs from the order's becomes a note on that line.
 */
function resolveDates(env: MapEnv, lines: readonly OrderLine[]): OrderInput['dates'] {
  const dates = pickByPreference(env, env.draft.dates, DateField.options, env.mapping.dates, 'date');
  env.draft.lines.forEach((line, index) => {
    const lineDates = pickByPreference(env, line.dates, DateField.options, env.mapping.dates, 'date');
    for (const field of DateField.options) {
      const value = lineDates[field];
      if (value === undefined) continue;
      if (dates[field] === undefined) dates[field] = value;
      else if (dates[field] !== value) {
        env.draft.notes.push(`Line ${lines[index]?.lineNumber}: ${DATE_LABELS[field]} ${value}`);
      }
    }
  });
  return dates;
}

function resolveReferences(env: MapEnv): OrderInput['references'] {
  const names = Object.keys(env.mapping.references);
  const mapped = pickByPreference(
    env,
    env.draft.headerReferences,
    names,
    env.mapping.references,
    'reference',
  );
  // fixed elements (BEG04 release, FOB01 …) are the partner's own fields and win over a REF of the same name
  return { ...mapped, ...env.draft.named, raw: env.draft.rawReferences };
}

function buildOrder(env: MapEnv, ctx: MapContext, profile: DocumentProfile): Omit<OrderInput, 'id'> {
  const { set, draft, mapping, findings } = env;
  const { linesMandatory, lineTag } = profile;
  const parties = resolveParties(env);
  const lines = finishLines(env);
  if (lines.length === 0 && draft.purpose !== 'cancel') {
    if (linesMandatory)
      findings.segmentError('3', `${lineTag} segment missing: an order needs lines`, lineTag);
    else findings.error('x12.mapping.no_lines', `no ${lineTag} lines: only a cancellation may have none`);
  }
  const dates = resolveDates(env, lines);
  const { interchange, group } = set;
  const order: Omit<OrderInput, 'id'> = {
    partnerId: ctx.partnerId,
    channel: 'x12',
    poNumber: draft.poNumber ?? '',
    poDate: draft.poDate ?? '',
    purpose: draft.purpose ?? 'original',
    orderType: draft.orderType ?? '',
    currency: draft.currency ?? mapping.defaults.currency,
    parties,
    dates,
    ...(draft.terms && { terms: draft.terms }),
    ...(draft.carrier && { carrier: draft.carrier }),
    references: resolveReferences(env),
    lines,
    totals: computeTotals(env, lines),
    notes: draft.notes,
    source: {
      messageId: ctx.messageId,
      control: {
        interchange: interchange.controlNumber,
        group: group.controlNumber,
        transaction: set.controlNumber,
      },
      sender: `${interchange.senderQualifier}:${interchange.senderId}`,
      receiver: `${interchange.receiverQualifier}:${interchange.receiverId}`,
    },
  };
  applyOverrides(env, order);
  return order;
}

/** Findings in document order (party and line checks run after the walk); stable for equal positions. */
function bySegmentPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => d.segmentPosition ?? Number.POSITIVE_INFINITY;
  return [...diagnostics].sort((a, b) => rank(a) - rank(b));
}

/**
 * Maps one 850 or 860 transaction set to a canonical order (pure: no I/O, ids from `ctx`). Never throws
 * for bad input: every problem becomes a diagnostic, and the order is returned only when there is no
 * error and it passes the canonical Order schema.
 */
export function mapOrderTransaction(
  profile: DocumentProfile,
  set: TransactionSet,
  mapping: ResolvedOrderMapping,
  ctx: MapContext,
): MapResult {
  const findings = new Findings(set.controlNumber);
  if (set.type !== profile.document || mapping.document !== profile.document) {
    findings.error(
      'x12.mapping.wrong_document',
      `the ${profile.document} mapper was given transaction set ${set.type} and a ${mapping.document} mapping`,
    );
    return { diagnostics: findings.diagnostics };
  }
  const env: MapEnv = { set, mapping, findings, draft: newDraft() };
  walkTransaction(profile, env);
  const order = buildOrder(env, ctx, profile);
  if (hasErrors(findings.diagnostics)) return { diagnostics: bySegmentPosition(findings.diagnostics) };
  // the id is drawn only for an order that will be returned, so rejected sets do not consume ids; the
  // mapper's own order is checked by hand, and only one that fails goes through zod to be named
  const parsed = safeParseOrder({ id: ctx.newId(), ...order });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      findings.error('x12.mapping.invalid_order', `order ${issue.path.join('.')}: ${issue.message}`);
    }
    return { diagnostics: bySegmentPosition(findings.diagnostics) };
  }
  return { order: parsed.data, diagnostics: bySegmentPosition(findings.diagnostics) };
}
