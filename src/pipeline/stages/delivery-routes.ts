// What the deliver stage does differently by message kind or transport, in one place: messages that name their
// own destination (a mail reply, an asynchronous AS2 MDN we owe), and transports whose receipt proves something
// to keep (an AS2 MDN). The stage itself only plans, sends and records.
import { smtpTransport } from '../../../connectors/smtp/index.ts';
import type { DeliveryContext, DeliveryPayload, DeliveryReceipt } from '../../core/connector.ts';
import type { Database } from '../../db/client.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import { recordAs2Send } from '../as2/as2-transfers.ts';
import { asyncMdnDelivery } from '../as2/mdn-delivery.ts';
import { replyDelivery } from '../mail/reply-delivery.ts';

/** An outbound message as the deliver stage reads it. */
export interface OutboundMessage {
  id: string;
  partnerId: string | null;
  type: string | null;
  raw: Uint8Array;
  channel: string;
  contentType: string | null;
  control: Record<string, string> | null;
  connectorInstance: string | null;
}

/** How one message goes out: what is sent, how, and the transport it is recorded under. */
export interface PlannedSend {
  payload: DeliveryPayload;
  send: (payload: DeliveryPayload) => Promise<DeliveryReceipt>;
  transport: string;
}

/**
 * A kind of message that names its own destination, whatever the partner's delivery settings say: it is sent
 * the way its route plans, inside the deliver stage's plan (reads only, no network).
 */
interface OwnRoute {
  takes(message: OutboundMessage): boolean;
  plan(
    tx: Database,
    message: OutboundMessage,
    process: { secrets: SecretBox; context: DeliveryContext },
  ): Promise<PlannedSend>;
}

const OWN_ROUTES: readonly OwnRoute[] = [
  // a whole mail (an answer to an order mail, a notice carrying an 855/856/810 as CSV) goes out as it is,
  // through the SMTP settings of the mailbox the order came in by
  {
    takes: (message) => message.contentType === 'message/rfc822',
    async plan(tx, message, { secrets, context }) {
      const reply = await replyDelivery(tx, message, secrets);
      return { ...reply, send: (payload) => smtpTransport.send(payload, reply.config, context) };
    },
  },
  // an asynchronous AS2 MDN we owe goes to the URL the partner's message named
  {
    takes: (message) => message.channel === 'as2' && message.type === 'MDN',
    plan: async (_tx, message, { context }) => asyncMdnDelivery(message, context),
  },
];

/** The send planned by the route `message` names for itself, or undefined when the partner's settings decide. */
export async function ownRoutePlan(
  tx: Database,
  message: OutboundMessage,
  process: { secrets: SecretBox; context: DeliveryContext },
): Promise<PlannedSend | undefined> {
  return OWN_ROUTES.find((route) => route.takes(message))?.plan(tx, message, process);
}

/**
 * Keeps what a transport's receipt proves (`evidence`, or `awaitingConfirmation`), with the deliver stage's
 * record; answers whether the documents stay unsent until a confirmation comes. By transport id.
 */
type ReceiptKeeper = (
  tx: Database,
  send: { messageId: string; partnerId: string; receipt: DeliveryReceipt },
) => Promise<{ awaiting: boolean }>;

const RECEIPT_KEEPERS: Readonly<Record<string, ReceiptKeeper>> = {
  // an AS2 send keeps its MDN on the transfer; one whose MDN comes later is awaited (../as2/mdn-wait.stage.ts)
  as2: recordAs2Send,
};

/**
 * Keeps a receipt's evidence with the transport's keeper, when the receipt carries any; answers whether the
 * documents stay unsent (a confirmation is awaited). A receipt with evidence from a transport with no keeper
 * is a programming error: the proof would be lost.
 */
export async function keepReceipt(
  tx: Database,
  transport: string,
  send: { messageId: string; partnerId: string; receipt: DeliveryReceipt },
): Promise<{ awaiting: boolean }> {
  const { receipt } = send;
  if (receipt.evidence === undefined && receipt.awaitingConfirmation === undefined)
    return { awaiting: false };
  const keeper = RECEIPT_KEEPERS[transport];
  if (keeper === undefined) throw new Error(`transport ${transport} returned evidence nobody keeps`);
  return keeper(tx, send);
}
