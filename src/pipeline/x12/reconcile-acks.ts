import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { withoutNul } from '../../db/json-safe.ts';
import { outboundDocuments } from '../../db/schema.ts';
import type { FunctionalAck } from '../../x12/ack-types.ts';

/** Documents whose partner acknowledgment may still arrive or change (a later 997 supersedes an earlier). */
const ANSWERABLE = ['encoded', 'delivered', 'accepted', 'rejected'];

/** Control numbers compare as numbers: "0001" in one system is "1" in another. */
const digits = (value: string) => value.replace(/^0+(?=\d)/, '');

/**
 * Matches a partner's 997/999 to the documents we sent it (GS06 of our group, ST02 of each set, per
 * partner) and records the verdict on each: accepted (AK5/IK5 A or E) or rejected (R, with the AK3/AK4 or
 * IK3/IK4 reasons). A group answered by AK9 alone (no AK2 loops) gives its verdict to every set of the group.
 * Returns findings for what matched nothing, so the message shows them.
 */
export async function reconcilePartnerAck(
  tx: Database,
  partnerId: string,
  ack: FunctionalAck,
  messageId: string,
): Promise<Diagnostic[]> {
  const group = digits(ack.group.controlNumber);
  const sent = await tx
    .select({
      id: outboundDocuments.id,
      status: outboundDocuments.status,
      control: outboundDocuments.control,
    })
    .from(outboundDocuments)
    .where(
      and(
        eq(outboundDocuments.partnerId, partnerId),
        sql`${outboundDocuments.control}->>'group' = ${group}`,
        inArray(outboundDocuments.status, ANSWERABLE),
      ),
    );
  const bySet = new Map(sent.map((d) => [digits(d.control?.transaction ?? ''), d]));
  const verdicts: { id: string; from: string; to: 'accepted' | 'rejected'; detail: unknown }[] = [];
  const findings: Diagnostic[] = [];
  const verdict = (status: string) => (status === 'R' ? ('rejected' as const) : ('accepted' as const));
  const base = { ack: ack.type, ackControlNumber: ack.controlNumber, messageId };
  if (ack.transactions.length === 0) {
    for (const d of sent)
      verdicts.push({
        id: d.id,
        from: d.status,
        to: verdict(ack.status),
        detail: { ...base, group: ack.status, codes: ack.codes },
      });
  }
  for (const t of ack.transactions) {
    const doc = bySet.get(digits(t.controlNumber));
    if (doc === undefined) {
      findings.push({
        severity: 'warning',
        code: 'x12.ack.unmatched',
        message: `${ack.type} ${ack.controlNumber} answers ${t.type} ${t.controlNumber} of group ${ack.group.controlNumber}, which we did not send to ${partnerId}`,
        transaction: ack.controlNumber,
      });
      continue;
    }
    verdicts.push({
      id: doc.id,
      from: doc.status,
      to: verdict(t.status),
      detail: { ...base, status: t.status, codes: t.codes, segments: t.segments },
    });
  }
  for (const v of verdicts) {
    await tx
      .update(outboundDocuments)
      .set({
        status: v.to,
        partnerAck: withoutNul(v.detail),
        acknowledgedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(outboundDocuments.id, v.id));
  }
  if (verdicts.length > 0) {
    await audit(
      tx,
      verdicts.map((v) => ({
        actor: `partner:${partnerId}`,
        entityType: 'outbound_document',
        entityId: v.id,
        action: 'partner_ack',
        before: { status: v.from },
        after: withoutNul({ status: v.to, ...(v.detail as object) }),
      })),
    );
  }
  return findings;
}
