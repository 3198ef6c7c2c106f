import { z } from 'zod';
import type {
  ConnectorContext,
  DecodeResult,
  InboundConnector,
  PlannedAck,
  RawMessage,
  ResolvedPartner,
} from '../../src/core/connector.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { MappedDocument, ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import { ackDocumentType, encodeAckInterchange } from '../../src/x12/ack-encode.ts';
import { type AckPlanOptions, ackOptionsFor, planAcknowledgments } from '../../src/x12/ack-plan.ts';
import { allDiagnostics } from '../../src/x12/results.ts';
import { decodeX12, senderKey, type X12Partner } from './decode.ts';

/**
 * The X12 format has nothing to configure per door: acknowledgment preferences belong to the partner
 * (`settings.ack`), so they reach `decode` through `ctx.partner`, which is where the contract puts them.
 */
export const X12Config = z.strictObject({});
export type X12Config = z.infer<typeof X12Config>;

/** What `content` of a planned 997/999/TA1 holds: the plan as data and its encoded X12 text. */
export interface X12AckContent {
  plan: Awaited<ReturnType<typeof planAcknowledgments>>[number];
  text: string;
}

/**
 * The X12 format connector: bytes to canonical 850/860 orders and the 997/999/TA1 to send back. Pure: it
 * reads nothing but its arguments, and the clock, ids and control numbers come from `ctx`, so the same
 * input and context give the same result (the conformance suite checks this).
 */
export const x12Connector: InboundConnector<X12Config> = {
  id: 'x12',
  channel: 'x12',
  configSchema: X12Config,
  decode: decodeX12Message,
};

async function decodeX12Message(raw: RawMessage, ctx: ConnectorContext): Promise<DecodeResult> {
  const findings: Diagnostic[] = [];
  const partner = ctx.partner ? toX12Partner(ctx.partner, findings) : undefined;
  const decoded = await decodeX12(raw.bytes, {
    messageId: ctx.messageId,
    newId: () => ctx.newId(),
    partnerFor: () => partner,
  });
  const options = ackOptions(ctx.partner);
  const documents: PlannedAck[] = [];
  // One plan per interchange, so an unknown sender's control numbers come from its own counter.
  for (const interchange of decoded.results.interchanges) {
    const key = ctx.partner?.id ?? senderKey(interchange.header);
    const plans = await planAcknowledgments(
      { interchanges: [interchange], errors: [] },
      { ...options, now: ctx.now(), allocate: (kind) => ctx.controlNumbers.next(key, kind) },
    );
    for (const plan of plans) {
      const content: X12AckContent = { plan, text: encodeAckInterchange(plan) };
      documents.push({
        type: ackDocumentType(plan),
        ...(ctx.partner ? { partnerId: ctx.partner.id } : {}),
        content,
      });
    }
  }
  return {
    orders: decoded.orders,
    diagnostics: [...findings, ...allDiagnostics(decoded.results)],
    ...(documents.length > 0 ? { ack: { documents } } : {}),
  };
}

/** The partner's `ack` setting, read as the decode stage reads it (see `ackOptionsFor`). */
function ackOptions(partner: ResolvedPartner | undefined): Pick<AckPlanOptions, 'type' | 'functional'> {
  const ack = partner?.settings.ack;
  return ackOptionsFor(ack === '997' || ack === '999' || ack === 'none' ? ack : undefined);
}

/**
 * `ResolvedPartner.mappings` is typed `unknown` at the contract level; it holds either the resolved mapping
 * or the loader's version record around it. Each is validated here (house rule 4) and an unusable one is
 * reported and replaced by the default mapping rather than trusted.
 */
function toX12Partner(partner: ResolvedPartner, findings: Diagnostic[]): X12Partner {
  const mappings: X12Partner['mappings'] = {};
  for (const [document, value] of Object.entries(partner.mappings)) {
    const type = MappedDocument.safeParse(document);
    if (!type.success || value === undefined || value === null) continue;
    const inner = typeof value === 'object' && 'mapping' in value ? value.mapping : value;
    const parsed = ResolvedOrderMapping.safeParse(inner);
    if (parsed.success) mappings[type.data] = parsed.data;
    else
      findings.push({
        severity: 'warning',
        code: 'x12.mapping.invalid',
        message: `partner ${partner.id}: the active ${document} mapping is not valid; the default mapping was used`,
      });
  }
  return { id: partner.id, mappings };
}
