import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ChangeAcknowledgment } from '../../core/documents.ts';
import type { Order } from '../../core/order.ts';
import type { ResolvedPartnerSettings } from '../../core/partner.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { outboundDocuments } from '../../db/schema.ts';
import { acknowledgmentOf } from '../../rules/acknowledgment.ts';
import type { ChangedLine } from '../../rules/apply-change.ts';
import { compareDecimal } from '../../rules/decimal-math.ts';
import type { LineOutcome } from '../../rules/settle.ts';
import { enqueueStage } from '../stage-names.ts';

/** One line of a change's answer (865 POC + ACK), as a ChangeAcknowledgment line. */
export type ChangeAnswerLine = ChangeAcknowledgment['lines'][number];

/**
 * The lines a change's answer names: every line the change touched, with what the supplier now does with
 * it (a deletion taken: accepted, nothing left), and every other line whose outcome the re-validation
 * changed (no `change`: answered without being changed, e.g. backordered now), in the order's line order.
 */
export function answerLines(
  touched: readonly ChangedLine[],
  now: readonly LineOutcome[],
  before: readonly LineOutcome[] | undefined,
): ChangeAnswerLine[] {
  const outcome = new Map(now.map((l) => [l.lineNumber, l]));
  const was = new Map((before ?? []).map((l) => [l.lineNumber, l]));
  const asked = new Map(touched.map((t) => [t.lineNumber, t]));
  const lines: ChangeAnswerLine[] = [];
  const answer = (o: LineOutcome, change?: ChangedLine['change']): ChangeAnswerLine => ({
    lineNumber: o.lineNumber,
    ...(change !== undefined ? { change } : {}),
    status: o.status,
    quantity: o.quantity,
    ...(o.unitPrice !== undefined ? { unitPrice: o.unitPrice } : {}),
    ...(o.items !== undefined ? { items: o.items } : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
  });
  for (const o of now) {
    const t = asked.get(o.lineNumber);
    if (t) lines.push(answer(o, t.change));
    else if (before && differs(was.get(o.lineNumber), o)) lines.push(answer(o));
  }
  // lines the change took off the order: a deletion taken (865 ACK-01 ID)
  for (const t of touched)
    if (t.after === undefined && !outcome.has(t.lineNumber))
      lines.push({ lineNumber: t.lineNumber, change: 'delete', status: 'accepted', quantity: '0' });
  // in the order's line order: its lines as they stood (a deleted one where it was), then the added ones
  const sequence = [
    ...new Set([
      ...(before ?? []).map((l) => l.lineNumber),
      ...touched.filter((t) => t.before !== undefined).map((t) => t.lineNumber),
      ...now.map((l) => l.lineNumber),
    ]),
  ];
  const rank = (n: string) => {
    const at = sequence.indexOf(n);
    return at < 0 ? sequence.length : at;
  };
  return lines.sort((a, b) => rank(a.lineNumber) - rank(b.lineNumber));
}

function differs(a: LineOutcome | undefined, b: LineOutcome): boolean {
  if (a === undefined) return true;
  if (a.status !== b.status || compareDecimal(a.quantity, b.quantity) !== 0) return true;
  if ((a.unitPrice === undefined) !== (b.unitPrice === undefined)) return true;
  return a.unitPrice !== undefined && compareDecimal(a.unitPrice, b.unitPrice!) !== 0;
}

/** BCA-02 / BAK-02 of the answer: every line taken as asked, every line refused, or some of each. */
function statusOf(lines: readonly ChangeAnswerLine[]): ChangeAcknowledgment['status'] {
  if (lines.every((l) => l.status === 'accepted')) return 'accepted';
  if (lines.every((l) => l.status === 'rejected')) return 'rejected';
  return 'accepted_with_changes';
}

/** What {@link answerChange} needs to know of the change applied. */
export interface AppliedAnswer {
  original: { id: string; partnerId: string; erpOrderNumber: string | null };
  /** The live order as the change left it. */
  order: Order;
  change: Order;
  /** The change's message: the answer is listed under it and the encode stage asked for on it. */
  messageId: string;
  /** The order's outcome per line now (every line rejected for a cancellation). */
  outcome: readonly LineOutcome[];
  lines: readonly ChangeAnswerLine[];
  cancelled: boolean;
}

/**
 * Answers an applied change as the partner's `changeAck` says: `865` → an 865 (ChangeAcknowledgment) for the
 * order, `855` → a new 855 of the order with every line's outcome now, `none` → nothing. An 865 is X12: an
 * order that came by mail or upload is answered with the 855 its partner reads (a reply with each line's
 * outcome) instead. An 855 goes only to a partner that takes 855s (`send855`). The document is `requested`,
 * its source the change's message (so it is listed there), and the encode stage is asked for on that
 * message, in the caller's transaction. Returns the type sent, if any.
 */
export async function answerChange(
  tx: Database,
  applied: AppliedAnswer,
  settings: ResolvedPartnerSettings,
): Promise<'865' | '855' | undefined> {
  const wanted = settings.changeAck;
  if (wanted === 'none') return undefined;
  const type = wanted === '865' && applied.order.channel === 'x12' ? '865' : '855';
  if (type === '855' && !settings.send855) return undefined;
  const erp = applied.original.erpOrderNumber ?? undefined;
  const content =
    type === '865'
      ? ChangeAcknowledgment.parse({
          orderId: applied.original.id,
          changeOrderId: applied.change.id,
          // a cancellation is answered as a whole (BCA-02 AK, no POC detail)
          status: applied.cancelled ? 'accepted' : statusOf(applied.lines),
          ...(typeof applied.change.references.changeSequence === 'string'
            ? { changeSequence: applied.change.references.changeSequence }
            : {}),
          ...(erp !== undefined ? { erpOrderNumber: erp } : {}),
          lines: applied.cancelled ? [] : applied.lines,
        })
      : acknowledgmentOf(applied.original.id, applied.outcome, erp);
  const id = randomUUID();
  await tx.insert(outboundDocuments).values({
    id,
    type,
    partnerId: applied.original.partnerId,
    orderId: applied.original.id,
    sourceMessageId: applied.messageId,
    status: 'requested',
    content,
  });
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'outbound_document',
    entityId: id,
    action: 'request',
    after: {
      status: 'requested',
      type,
      orderId: applied.original.id,
      changeOrderId: applied.change.id,
      ack: content.status,
    },
  });
  // again: a message's encode job may have run already (its 855s); the stage encodes only what is requested
  await enqueueStage(tx, 'encode', applied.messageId, { again: true });
  return type;
}

/** True when the order has been answered with an 855 already (the acknowledge stage sends no second one). */
export async function answeredBefore(tx: Database, orderId: string): Promise<boolean> {
  const [found] = await tx
    .select({ id: outboundDocuments.id })
    .from(outboundDocuments)
    .where(and(eq(outboundDocuments.orderId, orderId), eq(outboundDocuments.type, '855')))
    .limit(1);
  return found !== undefined;
}
