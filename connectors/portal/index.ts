import { z } from 'zod';
import type {
  ConnectorContext,
  DecodeInput,
  DecodeResult,
  InboundConnector,
} from '../../src/core/connector.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { Order } from '../../src/core/order.ts';
import { wholeBytes } from '../../src/core/whole-bytes.ts';

/** The portal door has nothing to configure: its partner is the signed-in partner user's. */
export const PortalConfig = z.strictObject({});
export type PortalConfig = z.infer<typeof PortalConfig>;

/**
 * An order as the portal writes it: the canonical Order's fields (checked whole once the gateway's are added);
 * an id, partner, channel or source in it is overwritten, never believed.
 */
const PortalOrder = z.record(z.string(), z.unknown());

/**
 * A portal message (channel `portal`, JSON): the orders a partner user made in the portal — an order of the
 * cart (purpose `original`), a change of a live order (`replace`, lines with X12 860 POC-02 change codes) or
 * its cancellation (`cancel`). Stored raw like every inbound message, then decoded and run through the same
 * validate → route stages as an 850 or 860 (so a change is the same change as an 860's).
 */
export const PortalDocument = z.strictObject({ orders: z.array(PortalOrder).min(1).max(100) });
export type PortalDocument = z.input<typeof PortalDocument>;

const problem = (message: string, path?: string): Diagnostic => ({
  severity: 'error',
  code: 'order.invalid',
  message: path ? `${path}: ${message}` : message,
});

/**
 * Decodes a portal message: the partner is the one the door knows (`ctx.partner`, the session's), never one
 * the bytes name; each order gets its id from `ctx.newId()` and the message as its source. Bytes that are not
 * a portal document are `unusable` with the problems; pure: the same bytes and context give the same result.
 */
export async function decodePortalMessage(raw: DecodeInput, ctx: ConnectorContext): Promise<DecodeResult> {
  const partner = ctx.partner;
  if (!partner)
    return {
      orders: [],
      diagnostics: [problem('a portal message needs the partner of its session')],
      unusable: true,
    };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await wholeBytes(raw.bytes)));
  } catch {
    return { orders: [], diagnostics: [problem('the portal message is not JSON')], unusable: true };
  }
  const parsed = PortalDocument.safeParse(json);
  if (!parsed.success)
    return {
      orders: [],
      diagnostics: parsed.error.issues.slice(0, 50).map((i) => problem(i.message, i.path.join('.'))),
      unusable: true,
    };
  const orders: Order[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [n, input] of parsed.data.orders.entries()) {
    const order = Order.safeParse({
      ...input,
      id: ctx.newId(),
      partnerId: partner.id,
      channel: 'portal',
      source: { messageId: ctx.messageId, ...(raw.sender ? { sender: raw.sender } : {}) },
    });
    if (order.success) orders.push(order.data);
    else
      for (const i of order.error.issues)
        diagnostics.push(problem(i.message, `orders.${n}.${i.path.join('.')}`));
  }
  return { orders, diagnostics, counts: { orders: orders.length } };
}

/** The portal format connector (no source of its own: the portal's pages store its messages). */
export const portalConnector: InboundConnector<PortalConfig> = {
  id: 'portal',
  channel: 'portal',
  configSchema: PortalConfig,
  decode: decodePortalMessage,
};
