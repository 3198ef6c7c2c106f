import { z } from 'zod';
import type {
  ConnectorContext,
  DecodeInput,
  DecodeResult,
  InboundConnector,
  PlannedAck,
  ResolvedPartner,
} from '../../src/core/connector.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { PartnerSettings } from '../../src/core/partner.ts';
import { MappedDocument, ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import { transactionStatus } from '../../src/x12/ack-build.ts';
import { ackDocumentType, tryEncodeAck } from '../../src/x12/ack-encode.ts';
import type { AckInterchange } from '../../src/x12/ack-types.ts';
import { allDiagnostics } from '../../src/x12/results.ts';
import { type InterchangeVerdict, planX12Answers, unknownSender, type X12AnswerSettings } from './answers.ts';
import { decodeX12, senderKey, type X12Partner } from './decode.ts';

/**
 * The X12 format has nothing to configure per door: acknowledgment preferences belong to the partner
 * (`settings.ack`), so they reach `decode` with the partner (`ctx.partner` or `ctx.resolvePartner`).
 */
export const X12Config = z.strictObject({});
export type X12Config = z.infer<typeof X12Config>;

/** What `content` of a planned 997/999/TA1 holds: the plan as data and its encoded X12 text. */
export interface X12AckContent {
  plan: AckInterchange;
  text: string;
}

/**
 * The X12 format connector: bytes to canonical 850/860 orders and the 997/999/TA1 to send back, planned by
 * the gateway's one answer planner (an unknown sender's interchange gets the TA1 006 the gateway would send,
 * and its sets are mapped with the default mappings). Pure: it reads nothing but its arguments, and the
 * clock, ids, partners and control numbers come from `ctx`, so the same input and context give the same
 * result (the conformance suite checks this). `ordergate translate` runs it offline.
 */
export const x12Connector: InboundConnector<X12Config> = {
  id: 'x12',
  channel: 'x12',
  configSchema: X12Config,
  decode: decodeX12Message,
};

async function decodeX12Message(raw: DecodeInput, ctx: ConnectorContext): Promise<DecodeResult> {
  const findings: Diagnostic[] = [];
  // each interchange's partner, in the order the interchanges were read (partnerFor is asked once each)
  const partners: (ResolvedPartner | undefined)[] = [];
  const { onOrder } = ctx;
  const decoded = await decodeX12(raw.bytes, {
    messageId: ctx.messageId,
    newId: () => ctx.newId(),
    ...(onOrder ? { onOrder: (order) => onOrder(order) } : {}),
    async partnerFor(header) {
      const partner =
        ctx.partner ??
        (await ctx.resolvePartner({
          type: 'x12',
          qualifier: header.senderQualifier,
          value: header.senderId,
        }));
      partners.push(partner);
      // an unknown sender's sets are still mapped, with the default mappings, for whoever reads the result
      return partner ? toX12Partner(partner, findings) : undefined;
    },
  });
  const { results } = decoded;
  const documents: PlannedAck[] = [];
  let rejected = 0;
  for (const [index, interchange] of results.interchanges.entries()) {
    const partner = partners[index];
    if (partner === undefined) findings.push(unknownSender(interchange.header));
    for (const group of interchange.groups)
      for (const result of group.transactions)
        if (transactionStatus(interchange, group, result) === 'R') rejected++;
    // one counter per partner, or per unknown sender, as the gateway numbers what it sends them
    const key = partner?.id ?? senderKey(interchange.header);
    const verdict: InterchangeVerdict = partner
      ? { kind: 'processed', settings: answerSettings(partner.settings) }
      : { kind: 'held' };
    const plans = await planX12Answers(interchange, verdict, {
      now: ctx.now(),
      allocate: (kind) => ctx.controlNumbers.next(key, kind),
    });
    for (const plan of plans) {
      // an answer nobody can be addressed with is a finding, not a throw
      const written = tryEncodeAck(plan);
      if ('problem' in written) findings.push(written.problem);
      else {
        const content: X12AckContent = { plan, text: written.text };
        documents.push({
          type: ackDocumentType(plan),
          ...(partner ? { partnerId: partner.id } : {}),
          content,
        });
      }
    }
  }
  return {
    orders: decoded.orders,
    diagnostics: [...findings, ...allDiagnostics(results)],
    ...(documents.length > 0 ? { ack: { documents } } : {}),
    ...(results.interchanges.length === 0 ? { unusable: true as const } : {}),
    counts: { ...decoded.counts, rejected },
  };
}

/** The answer settings of a partner's (resolved) settings; what is not valid there is left to the defaults. */
function answerSettings(settings: Record<string, unknown>): X12AnswerSettings {
  const parsed = AnswerSettings.safeParse(settings);
  return parsed.success ? parsed.data : {};
}
const AnswerSettings = PartnerSettings.pick({ ack: true, usage: true, x12Delimiters: true });

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
