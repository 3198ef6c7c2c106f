import type { Diagnostic } from '../../core/diagnostic.ts';
import type { OpenedException } from '../../db/exceptions.ts';
import type { LineOutcome } from '../../rules/settle.ts';
import type { NewEvent } from './publish.ts';

/** An order as the route stage or a person decided it, for the event that hands it to the ERP. */
export interface DecidedOrder {
  id: string;
  partnerId: string;
  poNumber: string;
  /** The canonical order (DESIGN §4): what the ERP books. */
  order: unknown;
  /** Each line's outcome (status, quantity, price, substitute), when the rules settled it. */
  lines?: readonly LineOutcome[];
  /** Why it was rejected: its errors. */
  diagnostics?: readonly unknown[];
}

/** `order.accepted` / `order.rejected`: the order, each line's outcome, or the errors that rejected it. */
export function orderDecidedEvent(status: 'accepted' | 'rejected', decided: DecidedOrder): NewEvent {
  const errors = (decided.diagnostics ?? []).filter((d) => (d as Diagnostic).severity === 'error');
  return {
    type: status === 'accepted' ? 'order.accepted' : 'order.rejected',
    orderId: decided.id,
    partnerId: decided.partnerId,
    payload: {
      orderId: decided.id,
      poNumber: decided.poNumber,
      order: decided.order,
      ...(decided.lines ? { lines: decided.lines } : {}),
      ...(status === 'rejected' ? { errors } : {}),
    },
  };
}

/**
 * `exception.opened` for exceptions about orders (a person must decide before the order goes on). Mail holds
 * and failed jobs are for operators, not the ERP, and a failed `notify` job must never feed the webhooks an
 * event about itself.
 */
export function exceptionOpenedEvents(opened: readonly OpenedException[]): NewEvent[] {
  return opened
    .filter((e) => e.orderId !== null)
    .map((e) => ({
      type: 'exception.opened' as const,
      orderId: e.orderId ?? undefined,
      ...(e.partnerId ? { partnerId: e.partnerId } : {}),
      payload: {
        exceptionId: e.id,
        code: e.code,
        type: e.type,
        message: e.message,
        orderId: e.orderId,
        messageId: e.messageId,
        owner: e.owner,
        dueAt: e.dueAt,
      },
    }));
}
