import type { PortalDocument } from '../../../connectors/portal/index.ts';
import { permanent } from '../../core/errors.ts';
import type { FieldProblem } from '../../core/field-problem.ts';
import type { OrderLine } from '../../core/order.ts';
import type { PartnerUser } from '../../core/partner-user.ts';
import type { Database } from '../../db/client.ts';
import { storeInbound } from '../../pipeline/intake/intake.ts';
import type { Logger } from '../../runtime/logger.ts';
import { type PortalOrder, partnerOrder } from './portal-orders.ts';

/** What a partner user asks of a live order: cancel it, or new quantities by line number ("0" removes a line). */
export interface ChangeRequest {
  cancel: boolean;
  quantities: Record<string, string>;
}

export type ChangeOutcome =
  | { outcome: 'requested'; messageId: string }
  | { outcome: 'not_found' }
  | { outcome: 'not_changeable'; reason: string }
  | { outcome: 'no_change' };

/** True when nothing of the order is shipped and it is live (accepted, or held for a person). */
export function changeable(order: PortalOrder): string | undefined {
  if (order.status !== 'accepted' && order.status !== 'held')
    return `the order is ${order.status}: only an accepted or held order changes`;
  if (order.lines.some((l) => l.shipped !== '0') || order.documents.some((d) => d.type === '856'))
    return 'part of the order is shipped: it no longer changes here, ask your supplier';
  return undefined;
}

const QUANTITY = /^\d{1,9}(\.\d{1,4})?$/;

/**
 * The change as the order's change document (a canonical order of purpose `replace` whose lines carry X12 860
 * POC-02 codes: QI/QD with the new quantity, DI to remove; or of purpose `cancel`), so the route stage applies
 * it exactly as it applies an 860. `request.invalid` names each quantity that is no decimal.
 */
export function changeDocument(
  order: PortalOrder,
  request: ChangeRequest,
  who: string,
): PortalDocument | undefined {
  const head = {
    poNumber: order.poNumber,
    poDate: order.poDate,
    orderType: order.order.orderType,
    currency: order.currency,
    parties: {},
    dates: {},
    references: {},
  };
  if (request.cancel)
    return {
      orders: [
        {
          ...head,
          purpose: 'cancel',
          lines: [],
          totals: { lineCount: 0, quantity: '0' },
          notes: [`cancelled in the portal by ${who}`],
        },
      ],
    };
  const problems: FieldProblem[] = [];
  const lines: OrderLine[] = [];
  for (const line of order.order.lines) {
    const asked = request.quantities[line.lineNumber]?.trim();
    if (asked === undefined || asked === '') continue;
    if (!QUANTITY.test(asked)) {
      problems.push({
        path: `lines.${line.lineNumber}.quantity`,
        message: 'must be a quantity (0 removes the line)',
      });
      continue;
    }
    const was = Number(line.quantity);
    const now = Number(asked);
    if (now === was) continue;
    const { change: _none, ...plain } = line;
    if (now === 0) lines.push({ ...plain, change: 'delete' });
    else
      lines.push({
        ...plain,
        quantity: asked,
        change: now > was ? 'quantity_increase' : 'quantity_decrease',
      });
  }
  if (problems.length > 0) throw permanent('request.invalid', 'a quantity is refused', { details: problems });
  if (lines.length === 0) return undefined;
  return {
    orders: [
      {
        ...head,
        purpose: 'replace',
        lines,
        totals: {
          lineCount: lines.length,
          quantity: String(lines.reduce((n, l) => n + Number(l.quantity), 0)),
        },
        notes: [`changed in the portal by ${who}`],
      },
    ],
  };
}

/**
 * A partner user's change or cancellation of its partner's order, before anything of it ships: stored as an
 * inbound message of channel `portal` on the one intake path (raw bytes first), decoded, validated and applied
 * by the route stage as an 860 is (which holds it, should a shipment be recorded meanwhile).
 */
export async function requestOrderChange(
  deps: { db: Database; log: Logger; notify(): void },
  user: PartnerUser,
  orderId: string,
  request: ChangeRequest,
): Promise<ChangeOutcome> {
  const order = await partnerOrder(deps.db, user.partnerId, orderId);
  if (!order) return { outcome: 'not_found' };
  const refused = changeable(order);
  if (refused) return { outcome: 'not_changeable', reason: refused };
  const document = changeDocument(order, request, user.email);
  if (!document) return { outcome: 'no_change' };
  const { messageId } = await storeInbound(
    deps,
    {
      channel: 'portal',
      bytes: new TextEncoder().encode(JSON.stringify(document)),
      partnerId: user.partnerId,
      sender: `portal:${user.email}`,
      filename: `${request.cancel ? 'cancel' : 'change'}-${order.poNumber}.json`,
      contentType: 'application/json',
    },
    `partner_user:${user.id}`,
  );
  return { outcome: 'requested', messageId };
}
