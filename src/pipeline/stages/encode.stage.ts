import { and, eq, type SQL, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { groupBy } from '../../core/group-by.ts';
import { Order } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import { classifyError } from '../../db/classify-error.ts';
import type { Database } from '../../db/client.ts';
import { reserveControlNumberRanges } from '../../db/control-numbers.ts';
import { orders, outboundDocuments } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { type OutboundAgreement, outboundAgreement } from '../../partners/outbound-agreement.ts';
import { x12DateTime } from '../../x12/datetime.ts';
import { setProblems } from '../../x12/element-attributes.ts';
import { cleanFreeText } from '../../x12/free-text.ts';
import type { GroupInput } from '../../x12/writer.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { splitMailDocuments, writeMailNotices } from '../mail/mail-notice.ts';
import {
  checkEnvelope,
  documentOrderIds,
  type OutboundBody,
  outboundBody,
  outboundInterchange,
  outboundSyntax,
  parseParty,
} from '../x12/outbound-x12.ts';
import { type EncodeFailure, setAsideDocuments } from './encode-failures.ts';

interface Pending {
  id: string;
  type: string;
  partnerId: string;
  content: unknown;
  orderId: string;
  body: OutboundBody;
  sender: { qualifier: string; id: string };
  receiver: { qualifier: string; id: string };
}

/**
 * Documents encoded per page, and so the most transaction sets in one interchange we write: a 66,000-order
 * message is answered with 66 interchanges of 1,000 855s, each built, stored and forgotten in turn, rather than
 * one interchange held whole in memory (and one that many partners' translators would refuse as too large).
 */
const PAGE = 1_000;

/**
 * encode: turns requested outbound documents (855, 810 …) into X12 and stores them as outbound messages,
 * ready to deliver or for the partner to pull. The job's entity is either one document (an invoice posted
 * over HTTP) or a message whose orders were routed (every 855 it asked for): those go out together, one
 * interchange per partner and receiver (of at most {@link PAGE} sets), one group per functional id. The
 * partner's control numbers are reserved last, so its counter rows stay locked only until the commit, and a
 * rollback returns them (gap-free). A document that cannot be written (permanent error: see pendingDocument)
 * is set aside as `failed` with an exception, before any number is reserved, and the job's other documents
 * go out. A document no longer `requested` is skipped: safe to repeat. Documents about orders that came by
 * mail are no X12: they go back as notice mails with the document as CSV (../mail/mail-notice.ts).
 */
export const encodeStage: TransactionalStage<'encode', 'deliver'> = {
  name: 'encode',
  input: 'an outbound document, or the inbound message whose documents were requested',
  next: ['deliver'],
  async run({ tx, job, enqueue }) {
    const requested = (which: SQL) =>
      tx
        .select()
        .from(outboundDocuments)
        .where(and(which, eq(outboundDocuments.status, 'requested')))
        .orderBy(outboundDocuments.partnerId, outboundDocuments.id)
        .limit(PAGE)
        .for('update');
    // one document (an 810 or 856 requested over HTTP), or the documents a message asked for (its 855s):
    // encoded documents leave `requested`, so each query returns the next page
    let docs = await requested(eq(outboundDocuments.id, job.entityId));
    if (docs.length === 0) docs = await requested(eq(outboundDocuments.sourceMessageId, job.entityId));
    while (docs.length > 0) {
      for (const messageId of await encodePage(tx, docs, job.id)) await enqueue('deliver', messageId);
      // a short page is the last: no query to find nothing
      docs = docs.length < PAGE ? [] : await requested(eq(outboundDocuments.sourceMessageId, job.entityId));
    }
  },
};

/** Encodes and stores one page of documents; returns the outbound messages to push (the partner has a transport). */
async function encodePage(
  tx: Database,
  docs: (typeof outboundDocuments.$inferSelect)[],
  jobId: string,
): Promise<string[]> {
  const wanted = new Map(docs.map((d) => [d.id, documentOrderIds(d)]));
  const orderRows = await tx
    .select({ id: orders.id, data: orders.data })
    .from(orders)
    .where(inList(orders.id, [...new Set([...wanted.values()].flat())]));
  const byOrder = new Map(orderRows.map((o) => [o.id, Order.parse(o.data)]));
  const byPartner = new Map<string, Pending[]>();
  const agreements = new Map<string, OutboundAgreement>();
  const today = new Date().toISOString().slice(0, 10);
  const { time } = x12DateTime(new Date());
  // orders that came by mail are answered by mail: a notice with the document as CSV, not an interchange
  const { mail, x12 } = splitMailDocuments(docs, wanted, byOrder);
  const notices = await writeMailNotices(tx, mail);
  const failures: EncodeFailure[] = [...notices.failures];
  for (const doc of x12) {
    try {
      const agreement = await agreementOf(tx, doc.partnerId, agreements);
      const pending = pendingDocument(doc, wanted.get(doc.id)!, byOrder, agreement, { today, time });
      const list = byPartner.get(pending.partnerId);
      if (list === undefined) byPartner.set(pending.partnerId, [pending]);
      else list.push(pending);
    } catch (error) {
      // this document cannot be written (its data, its partner, an encoder's bug): it fails alone, the others
      // go out; the database failing fails the job, to be retried or held
      const shape = classifyError(error);
      if (shape.kind === 'retryable' || shape.code.startsWith('database.')) throw error;
      failures.push({ document: doc, error: shape });
    }
  }
  await setAsideDocuments(tx, failures, { jobId, stage: 'encode' });
  const toDeliver: string[] = [...notices.toDeliver];
  for (const [partnerId, pending] of [...byPartner].sort(([a], [b]) => a.localeCompare(b))) {
    const agreement = agreements.get(partnerId)!;
    const written = await writePartnerInterchanges(tx, partnerId, agreement, pending);
    // pushed to partners with a delivery transport; the others pull
    if (agreement.settings.delivery) toDeliver.push(...written);
  }
  return toDeliver;
}

/** The partner's agreement, read once per job; a document for an unknown partner cannot be encoded. */
async function agreementOf(
  tx: Database,
  partnerId: string | null,
  agreements: Map<string, OutboundAgreement>,
): Promise<OutboundAgreement> {
  const known =
    partnerId === null ? undefined : (agreements.get(partnerId) ?? (await outboundAgreement(tx, partnerId)));
  if (partnerId === null || known === undefined)
    throw permanent('outbound.partner_missing', 'the document is for an unknown partner');
  agreements.set(partnerId, known);
  return known;
}

/**
 * A requested document as the X12 set it becomes, with the interchange it goes in; throws a permanent error
 * when it cannot be written: an order missing or not from X12, an encoder's refusal, or a value the partner's
 * X12 cannot carry (see setProblems: a delimiter in data, an element too long …), found here so that the
 * document can be set aside before control numbers are reserved for it.
 */
function pendingDocument(
  doc: typeof outboundDocuments.$inferSelect,
  orderIds: string[],
  byOrder: Map<string, Order>,
  agreement: OutboundAgreement,
  clock: { today: string; time: string },
): Pending {
  const docOrders = orderIds.map((id) => byOrder.get(id));
  const order = docOrders[0];
  if (order === undefined || docOrders.some((o) => o === undefined))
    throw permanent('outbound.order_missing', `document ${doc.id} names an order that does not exist`);
  const sender = parseParty(order.source.receiver);
  const receiver = parseParty(order.source.sender);
  if (!sender || !receiver) {
    throw permanent(
      'outbound.no_x12_route',
      `order ${order.id} did not arrive over X12, so there is no interchange to answer (${doc.type})`,
    );
  }
  const { version, delimiters } = outboundSyntax(agreement.settings);
  checkEnvelope(sender, receiver, { version, delimiters });
  const body = outboundBody(doc, docOrders as Order[], { version, ...clock, mappings: agreement.outbound });
  const problems = setProblems(cleanFreeText(body.body, delimiters).body, version, delimiters);
  if (problems.length > 0) {
    throw permanent(problems[0]!.code, problems.map((p) => p.message).join('; '), { details: problems });
  }
  return {
    id: doc.id,
    type: doc.type,
    content: doc.content,
    partnerId: agreement.id,
    orderId: order.id,
    body,
    sender,
    receiver,
  };
}

/** One interchange per (our ID, their ID) pair, numbered from the partner's counters, stored and linked. */
async function writePartnerInterchanges(
  tx: Database,
  partnerId: string,
  agreement: OutboundAgreement,
  pending: Pending[],
): Promise<string[]> {
  const written: string[] = [];
  const { usage } = agreement.settings;
  const { version, delimiters } = outboundSyntax(agreement.settings);
  const envelopes = groupBy(
    pending,
    (p) => `${p.sender.qualifier}:${p.sender.id}|${p.receiver.qualifier}:${p.receiver.id}`,
  );
  for (const docs of envelopes.values()) {
    const groups = groupBy(docs, (d) => d.body.functionalId);
    const first = await reserveControlNumberRanges(tx, partnerId, {
      interchange: 1,
      group: groups.size,
      transaction: docs.length,
    });
    const isa13 = first.interchange;
    const gs06 = first.group;
    let st02 = first.transaction;
    const control = new Map<string, { group: string; transaction: string }>();
    const groupInputs: GroupInput[] = [...groups.entries()].map(([functionalId, members], g) => ({
      functionalId,
      senderId: docs[0]!.sender.id,
      receiverId: docs[0]!.receiver.id,
      controlNumber: gs06 + g,
      version,
      transactions: members.map((m) => {
        const number = st02++;
        control.set(m.id, { group: String(gs06 + g), transaction: String(number).padStart(4, '0') });
        return { type: m.body.type, controlNumber: number, body: m.body.body };
      }),
    }));
    const { date, time } = x12DateTime(new Date());
    const { text, cleaned } = outboundInterchange({
      sender: docs[0]!.sender,
      receiver: docs[0]!.receiver,
      controlNumber: isa13,
      date,
      time,
      version,
      usage,
      delimiters,
      groups: groupInputs,
    });
    const bytes = Buffer.from(text, 'latin1');
    const types = [...new Set(docs.map((d) => d.type))].sort().join(',');
    const { id: messageId } = await storeMessage(tx, {
      direction: 'outbound',
      channel: 'x12',
      partnerId,
      type: types,
      raw: bytes,
      contentType: 'application/edi-x12',
      status: 'done',
      orderId: docs.length === 1 ? docs[0]!.orderId : null,
      control: { interchange: String(isa13) },
    });
    written.push(messageId);
    // one statement for all of the interchange's documents (a 100-order message has 100 855s), their
    // new state as one JSON parameter
    const encoded = docs.map((d) => ({
      id: d.id,
      control: { interchange: String(isa13), ...control.get(d.id)! },
    }));
    await tx.execute(sql`
      update outbound_documents set status = 'encoded', message_id = ${messageId}, control = v.control,
             updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(encoded)}::jsonb) as v(id text, control jsonb)
       where outbound_documents.id = v.id`);
    await audit(
      tx,
      docs.map((d) => ({
        actor: 'pipeline',
        entityType: 'outbound_document',
        entityId: d.id,
        action: 'encode',
        before: { status: 'requested' },
        after: {
          status: 'encoded',
          messageId,
          ...control.get(d.id)!,
          interchange: String(isa13),
          ...cleanedFor(cleaned, control.get(d.id)!.transaction),
        },
      })),
    );
  }
  return written;
}

/** The free-text values cleaned in one set, for its audit event (none: nothing added). */
function cleanedFor(
  cleaned: ReturnType<typeof outboundInterchange>['cleaned'],
  transaction: string,
): { cleaned?: { element: string; position: number; before: string; after: string }[] } {
  const mine = cleaned.filter((c) => Number(c.transaction) === Number(transaction));
  if (mine.length === 0) return {};
  return {
    cleaned: mine.map(({ element, position, before, after }) => ({ element, position, before, after })),
  };
}
