import { randomUUID } from 'node:crypto';
import { planX12Answers, unknownSender } from '../../../connectors/x12/answers.ts';
import { decodeX12, senderKey, type X12Partner } from '../../../connectors/x12/decode.ts';
import { append } from '../../core/append.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { Database } from '../../db/client.ts';
import { raiseException } from '../../db/exceptions.ts';
import {
  type PartnerAgreement,
  partnerAgreement,
  partnerForX12Sender,
} from '../../partners/partner-lookup.ts';
import { interchangeAck, transactionStatus } from '../../x12/ack-build.ts';
import { tryEncodeAck } from '../../x12/ack-encode.ts';
import type { AckInterchange, FunctionalAck } from '../../x12/ack-types.ts';
import { allDiagnostics, type InterchangeResult, type TransactionResult } from '../../x12/results.ts';
import type { InterchangeHeader } from '../../x12/types.ts';
import type { DecodeOutcome, StoredInbound } from '../stages/inbound-format.ts';
import { OrderWriter } from '../stages/order-writer.ts';
import { replayChain, supersedeReplayed } from '../stages/replayed-runs.ts';
import { AckNumbering } from './ack-numbering.ts';
import { resendAck, type StoredAck, storeAck } from './outbound-acks.ts';
import { reconcilePartnerAck } from './reconcile-acks.ts';
import {
  type InterchangeStatus,
  recordInboundInterchange,
  setInterchangeStatus,
} from './x12-interchanges.ts';

/** Loads a partner's active order mappings (from the database, so every worker uses the same versions). */
export type MappingsFor = (db: Database, partnerId: string) => Promise<X12Partner['mappings']>;

/** One inbound interchange as the decode stage tracks it. */
interface Tracked {
  id: string;
  header: InterchangeHeader;
  agreement?: PartnerAgreement;
  held?: 'unknown_sender' | 'sender_mismatch';
  /** For `sender_mismatch`: the partner the ISA sender belongs to (told to operators only). */
  senderPartnerId?: string;
  duplicateOf?: string;
}

/** Diagnostics kept on the message row; the full set is rebuilt from the raw bytes on demand (replay). */
const MAX_STORED_DIAGNOSTICS = 500;

/**
 * Decodes one stored X12 message inside the decode stage's transaction: resolves each interchange's partner
 * by ISA05/ISA06, holds unknown senders for an operator, answers duplicates per the partner's policy, writes
 * the orders of accepted sets, and plans and stores the 997/999/TA1 answers with the partner's own control
 * numbers. Everything commits together with the stage's job, or not at all.
 */
export async function processX12Message(
  tx: Database,
  message: StoredInbound,
  mappingsFor: MappingsFor,
  now: () => Date = () => new Date(),
): Promise<DecodeOutcome> {
  const tracked: Tracked[] = [];
  const replaying = await replayChain(tx, message.replayOf);
  const writer = new OrderWriter(tx, 'pipeline');
  const written: { orderId: string; result: TransactionResult }[] = [];
  const agreements = new Map<string, PartnerAgreement | undefined>();
  const mappings = new Map<string, X12Partner['mappings']>();
  const partnerAcks: { partnerId: string; ack: FunctionalAck }[] = [];

  const decoded = await decodeX12(message.raw, {
    messageId: message.id,
    newId: randomUUID,
    async partnerFor(header) {
      const entry: Tracked = { id: '', header };
      tracked.push(entry);
      const partnerId = await partnerForX12Sender(tx, header.senderQualifier, header.senderId);
      if (partnerId === undefined) entry.held = 'unknown_sender';
      else if (message.partnerId !== null && partnerId !== message.partnerId) {
        entry.held = 'sender_mismatch';
        entry.senderPartnerId = partnerId;
      }
      if (partnerId === undefined || entry.held) return undefined;
      if (!agreements.has(partnerId)) agreements.set(partnerId, await partnerAgreement(tx, partnerId));
      const agreement = agreements.get(partnerId);
      if (agreement === undefined) return undefined;
      entry.agreement = agreement;
      if (!mappings.has(partnerId)) mappings.set(partnerId, await mappingsFor(tx, partnerId));
      return { id: partnerId, mappings: mappings.get(partnerId)! };
    },
    async skipInterchange(header) {
      const entry = tracked[tracked.length - 1]!;
      const recorded = await recordInboundInterchange(tx, header, {
        messageId: message.id,
        ...(entry.agreement ? { partnerId: entry.agreement.id } : {}),
        windowDays: entry.agreement?.settings.duplicateWindowDays ?? 0,
        held: entry.held !== undefined || entry.agreement === undefined,
        replaying,
      });
      entry.id = recorded.id;
      if (recorded.duplicateOf) entry.duplicateOf = recorded.duplicateOf;
      return entry.agreement === undefined || entry.held !== undefined || entry.duplicateOf !== undefined;
    },
    onFunctionalAck(ack) {
      // only interchanges of a known partner get here (the others are skipped): reconciled after decoding
      const partnerId = tracked[tracked.length - 1]?.agreement?.id;
      if (partnerId !== undefined) partnerAcks.push({ partnerId, ack });
    },
    async onOrder(order, result) {
      await writer.add(order);
      written.push({ orderId: order.id, result });
    },
  });

  const { results } = decoded;
  const verdicts = new Map<TransactionResult, 'A' | 'E' | 'R'>();
  const counts = { interchanges: results.interchanges.length, transactions: 0, accepted: 0, rejected: 0 };
  for (const interchange of results.interchanges) {
    for (const group of interchange.groups) {
      for (const result of group.transactions)
        verdicts.set(result, transactionStatus(interchange, group, result));
    }
  }
  const rejectedOrders = new Set(written.filter((w) => verdicts.get(w.result) === 'R').map((w) => w.orderId));
  const orderIds = await writer.finish(rejectedOrders);
  if (orderIds.length > 0) await supersedeReplayed(tx, replaying, 'pipeline');

  const acks: StoredAck[] = [];
  const extra: Diagnostic[] = [];
  for (const { partnerId, ack } of partnerAcks)
    append(extra, await reconcilePartnerAck(tx, partnerId, ack, message.id));
  let held = false;
  let duplicates = 0;
  // answers are planned with provisional control numbers, numbered and stored last (see AckNumbering)
  const numbering = new AckNumbering();
  const sources = new Map<AckInterchange, Parameters<typeof storeAck>[2]>();
  const answer = (counterKey: string, plan: AckInterchange, source: Parameters<typeof storeAck>[2]) => {
    // an answer that cannot be addressed (the partner's ISA06 does not fit ours) is reported, not thrown:
    // the message settles with that finding instead of its job failing and leaving it `received`
    const written = tryEncodeAck(plan);
    if ('problem' in written) {
      extra.push(written.problem);
      return;
    }
    numbering.add(counterKey, plan);
    sources.set(plan, source);
  };
  for (const [index, interchange] of results.interchanges.entries()) {
    const entry = tracked[index]!;
    const counterKey = entry.agreement?.id ?? `x12-${senderKey(entry.header).replaceAll(':', '-')}`;
    const allocate = numbering.allocator(counterKey);
    const source = { messageId: message.id, interchangeId: entry.id, partnerId: entry.agreement?.id };
    const at = now();
    if (entry.held !== undefined || entry.agreement === undefined) {
      held = true;
      const problem = holdProblem(entry, message.partnerId);
      extra.push(problem.shown);
      await raiseException(tx, {
        messageId: message.id,
        code: problem.exception.code,
        kind: 'permanent',
        message: problem.exception.message,
        details: {
          interchange: entry.header.controlNumber,
          sender: senderKey(entry.header),
          ...(entry.senderPartnerId ? { senderPartnerId: entry.senderPartnerId } : {}),
        },
      });
      // TA105 006: the sender ID is not one we trade with; the partner hears so at once.
      for (const plan of await planX12Answers(interchange, { kind: 'held' }, { now: at, allocate }))
        answer(counterKey, plan, source);
      continue;
    }
    const { settings } = entry.agreement;
    if (entry.duplicateOf !== undefined) {
      duplicates++;
      extra.push({
        severity: 'error',
        code: 'x12.interchange.025',
        message: `interchange ${entry.header.controlNumber} from ${senderKey(entry.header)} was already processed; not processed again`,
      });
      const resent =
        settings.duplicatePolicy === 'resend-ack'
          ? await resendAck(tx, entry.duplicateOf, source)
          : undefined;
      if (resent) acks.push(resent);
      else
        for (const plan of await planX12Answers(
          interchange,
          { kind: 'duplicate', settings },
          { now: at, allocate },
        ))
          answer(counterKey, plan, source);
      continue;
    }
    const status = interchangeStatus(interchange, verdicts);
    counts.transactions += status.accepted + status.rejected;
    counts.accepted += status.accepted;
    counts.rejected += status.rejected;
    await setInterchangeStatus(tx, entry.id, status.status);
    for (const plan of await planX12Answers(
      interchange,
      { kind: 'processed', settings },
      { now: at, allocate },
    ))
      answer(counterKey, plan, source);
  }
  for (const { plan } of await numbering.assign(tx)) acks.push(await storeAck(tx, plan, sources.get(plan)!));

  const diagnostics = [...extra, ...allDiagnostics(results)].slice(0, MAX_STORED_DIAGNOSTICS);
  const partners = new Set(tracked.map((t) => t.agreement?.id));
  const [onlyPartner] = partners;
  const types = new Set(
    results.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((r) => r.set.type))),
  );
  return {
    status: messageStatus(),
    orderIds,
    answers: acks.map((a) => ({ type: a.type, messageId: a.messageId })),
    toDeliver: acks
      .filter(
        (a) => a.partnerId !== undefined && agreements.get(a.partnerId)?.settings.delivery !== undefined,
      )
      .map((a) => a.messageId),
    diagnostics,
    counts,
    ...(partners.size === 1 && onlyPartner !== undefined ? { partnerId: onlyPartner } : {}),
    ...(types.size > 0 ? { documentTypes: [...types].sort().join(',') } : {}),
  };

  /** done: something was processed and nothing refused; failed: held for an operator; else rejected. */
  function messageStatus(): DecodeOutcome['status'] {
    if (orderIds.length > 0) return 'done';
    if (held) return 'failed';
    const clean = results.interchanges.length > 0 && counts.rejected === 0 && duplicates === 0;
    return clean ? 'done' : 'rejected';
  }
}

function interchangeStatus(
  interchange: InterchangeResult,
  verdicts: Map<TransactionResult, 'A' | 'E' | 'R'>,
): { status: InterchangeStatus; accepted: number; rejected: number } {
  let accepted = 0;
  let rejected = 0;
  for (const group of interchange.groups) {
    for (const result of group.transactions) {
      if (verdicts.get(result) === 'R') rejected++;
      else accepted++;
    }
  }
  // a TA1 R rejects the interchange even when it held no set to count
  const status: InterchangeStatus =
    interchangeAck(interchange).status === 'R' || (accepted === 0 && rejected > 0)
      ? 'rejected'
      : rejected > 0
        ? 'partial'
        : 'accepted';
  return { status, accepted, rejected };
}

/**
 * What a held interchange says. The message's diagnostics (and its TA1 006) reach the partner whose key
 * posted it, so an interchange from another partner's sender reads there exactly like one from a sender
 * nobody has: a key must not be able to probe which IDs other partners trade under. The exception, seen by
 * operators only, keeps the precise reason.
 */
function holdProblem(
  entry: Tracked,
  postedBy: string | null,
): { shown: Diagnostic; exception: Pick<Diagnostic, 'code' | 'message'> } {
  const shown = unknownSender(entry.header);
  if (entry.held !== 'sender_mismatch') return { shown, exception: shown };
  return {
    shown,
    exception: {
      code: 'x12.sender_mismatch',
      message: `interchange ${entry.header.controlNumber}: sender ${senderKey(entry.header)} belongs to partner ${entry.senderPartnerId}, not to ${postedBy}, whose API key posted it; held for an operator`,
    },
  };
}
