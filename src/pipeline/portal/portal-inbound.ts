import { randomUUID } from 'node:crypto';
import { decodePortalMessage } from '../../../connectors/portal/index.ts';
import { permanent } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { resolvedPartner } from '../../partners/resolved-partner.ts';
import type { DecodeOutcome, StoredInbound } from '../stages/inbound-format.ts';
import { OrderWriter } from '../stages/order-writer.ts';
import { replayChain, supersedeReplayed } from '../stages/replayed-runs.ts';

/**
 * Decodes one portal message (channel `portal`: stored by the portal's pages for the signed-in partner user's
 * partner) inside the decode stage's transaction: its orders (a change or cancellation asked in the portal …)
 * are written for validation, and go on as any other channel's (a change is applied by the route stage, as an
 * 860's is).
 */
export async function processPortalMessage(tx: Database, message: StoredInbound): Promise<DecodeOutcome> {
  if (message.partnerId === null)
    throw permanent('message.partner_missing', `portal message ${message.id} names no partner`);
  const partner = await resolvedPartner(tx, message.partnerId);
  if (partner === undefined)
    throw permanent(
      'message.partner_missing',
      `portal message ${message.id}: no partner ${message.partnerId}`,
    );
  const replaying = await replayChain(tx, message.replayOf);
  const result = await decodePortalMessage(
    {
      channel: 'portal',
      bytes: message.raw,
      receivedAt: new Date(),
      ...(message.sender ? { sender: message.sender } : {}),
    },
    {
      now: () => new Date(),
      newId: () => randomUUID(),
      messageId: message.id,
      partner,
      resolvePartner: async () => undefined,
      controlNumbers: {
        next: async () => {
          throw permanent('message.channel_not_supported', 'a portal message asks for no control numbers');
        },
      },
    },
  );
  const writer = new OrderWriter(tx, 'pipeline');
  for (const order of result.orders) await writer.add(order);
  const orderIds = await writer.finish(new Set());
  if (orderIds.length > 0) await supersedeReplayed(tx, replaying, 'pipeline');
  return {
    status: orderIds.length > 0 ? 'done' : 'rejected',
    orderIds,
    diagnostics: result.diagnostics,
    answers: [],
    toDeliver: [],
    counts: { orders: orderIds.length },
    partnerId: partner.id,
    documentTypes:
      [...new Set(result.orders.map((o) => (o.purpose === 'original' ? 'order' : o.purpose)))].join(',') ||
      'portal',
  };
}
