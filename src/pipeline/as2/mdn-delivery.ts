import { postAs2 } from '../../../connectors/as2/post.ts';
import type { DeliveryContext, DeliveryPayload, DeliveryReceipt } from '../../core/connector.ts';
import { permanent } from '../../core/errors.ts';

/** How long posting an asynchronous MDN may take. */
const MDN_POST_TIMEOUT_MS = 60_000;

/**
 * How an asynchronous MDN we owe a partner goes out: posted, with the AS2 headers it was made with, to the
 * Receipt-Delivery-Option URL the partner's message named (kept in the MDN message's control), not through the
 * partner's delivery settings. The URL is checked as every network delivery is (public addresses only unless
 * the process allows private ones).
 */
export function asyncMdnDelivery(
  message: {
    id: string;
    partnerId: string | null;
    raw: Uint8Array;
    contentType: string | null;
    control: Record<string, string> | null;
  },
  context: DeliveryContext,
): {
  payload: DeliveryPayload;
  send: (payload: DeliveryPayload) => Promise<DeliveryReceipt>;
  transport: string;
} {
  const { to, headers } = message.control ?? {};
  if (to === undefined || headers === undefined)
    throw permanent(
      'delivery.invalid_config',
      `MDN ${message.id} names no Receipt-Delivery-Option to post it to`,
    );
  const as2MessageId = message.control?.as2MessageId ?? message.id;
  return {
    payload: {
      bytes: message.raw,
      contentType: message.contentType ?? 'multipart/report',
      filename: `MDN-${message.id}`,
      idempotencyKey: message.id,
      documentType: 'MDN',
      partnerId: message.partnerId ?? '',
    },
    async send(payload) {
      await postAs2(to, JSON.parse(headers) as Record<string, string>, payload.bytes, {
        context,
        timeoutMs: MDN_POST_TIMEOUT_MS,
        as2MessageId,
      });
      return { deliveredAt: new Date(), remoteId: as2MessageId };
    },
    transport: 'as2',
  };
}
