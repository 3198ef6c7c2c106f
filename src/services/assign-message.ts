import { and, eq, sql } from 'drizzle-orm';
import type { ErrorCode } from '../core/error-codes.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { exceptions, messages, partnerIdentifiers } from '../db/schema.ts';
import { partnerAgreement } from '../partners/partner-lookup.ts';
import { clashPhrase, identifierClashes, storedIdentifier } from '../partners/partner-store.ts';
import { enqueueStage } from '../pipeline/stage-names.ts';

/** The holds an admin resolves by naming the partner: who sent the mail is not known or not proved. */
const ASSIGNABLE: readonly ErrorCode[] = ['email.sender_unknown', 'email.sender_unauthenticated'];

export type AssignOutcome =
  | { outcome: 'assigned'; messageId: string; partnerId: string; remembered?: string }
  | { outcome: 'not_found' | 'partner_not_found' }
  | { outcome: 'not_held'; status: string }
  | { outcome: 'identifier_taken'; message: string };

/**
 * An admin says whose a held mail is (`POST /v1/messages/:id/assign`): the message becomes that partner's,
 * its hold is resolved and it is decoded again as the partner's, in one transaction with its decode job. With
 * `remember`, the sender's address is added to the partner's identifiers, so its next mail is recognised (and
 * still proved by the partner's `emailAuth`). Only a mail held for its sender can be assigned.
 */
export async function assignMessage(
  db: Database,
  input: { messageId: string; partnerId: string; remember: boolean; actor: string },
): Promise<AssignOutcome> {
  return db.transaction(async (tx) => {
    const [message] = await tx
      .select({
        id: messages.id,
        status: messages.status,
        sender: messages.sender,
        partnerId: messages.partnerId,
      })
      .from(messages)
      .where(
        and(
          eq(messages.id, input.messageId),
          eq(messages.direction, 'inbound'),
          eq(messages.channel, 'email'),
        ),
      )
      .for('update');
    if (message === undefined) return { outcome: 'not_found' };
    const holds = await tx
      .select({ id: exceptions.id, code: exceptions.code })
      .from(exceptions)
      .where(and(eq(exceptions.messageId, message.id), eq(exceptions.status, 'open')));
    const senderHolds = holds.filter((h) => (ASSIGNABLE as readonly string[]).includes(h.code));
    if (message.status !== 'failed' || senderHolds.length === 0)
      return { outcome: 'not_held', status: message.status };
    if ((await partnerAgreement(tx, input.partnerId)) === undefined) return { outcome: 'partner_not_found' };

    let remembered: string | undefined;
    if (input.remember && message.sender) {
      const identifier = storedIdentifier({ type: 'email', value: message.sender });
      const [clash] = await identifierClashes(tx, [identifier], new Set([input.partnerId]));
      if (clash !== undefined)
        return { outcome: 'identifier_taken', message: `email ${message.sender} ${clashPhrase(clash)}` };
      await tx
        .insert(partnerIdentifiers)
        .values({ partnerId: input.partnerId, ...identifier })
        .onConflictDoNothing();
      remembered = message.sender;
    }
    await tx
      .update(messages)
      .set({ partnerId: input.partnerId, status: 'received', updatedAt: sql`now()` })
      .where(eq(messages.id, message.id));
    for (const hold of senderHolds)
      await tx
        .update(exceptions)
        .set({ status: 'resolved', resolvedAt: sql`now()` })
        .where(eq(exceptions.id, hold.id));
    await enqueueStage(tx, 'decode', message.id, { again: true });
    await audit(tx, {
      actor: input.actor,
      entityType: 'message',
      entityId: message.id,
      action: 'assign',
      before: { status: message.status, partnerId: message.partnerId },
      after: { status: 'received', partnerId: input.partnerId, ...(remembered ? { remembered } : {}) },
    });
    return {
      outcome: 'assigned',
      messageId: message.id,
      partnerId: input.partnerId,
      ...(remembered ? { remembered } : {}),
    };
  });
}
