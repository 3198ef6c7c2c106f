import { Acknowledgment } from '../core/documents.ts';
import type { LineOutcome } from './settle.ts';

/**
 * The supplier's answer to an order from its lines' outcomes (becomes the 855): BAK02 `AD` (accepted) when
 * every line is accepted unchanged, `RJ` (rejected) when every line is rejected, else `AC`
 * (accepted_with_changes). An order without lines (nothing to answer per line) is accepted. Validated by the
 * Acknowledgment schema, so a malformed outcome fails here rather than in the 855's encoder.
 */
export function acknowledgmentOf(
  orderId: string,
  lines: readonly LineOutcome[],
  erpOrderNumber?: string,
): Acknowledgment {
  const status =
    lines.length === 0 || lines.every((l) => l.status === 'accepted')
      ? 'accepted'
      : lines.every((l) => l.status === 'rejected')
        ? 'rejected'
        : 'accepted_with_changes';
  return Acknowledgment.parse({
    orderId,
    status,
    ...(erpOrderNumber !== undefined ? { erpOrderNumber } : {}),
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      status: l.status,
      quantity: l.quantity,
      ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
      ...(l.items !== undefined ? { items: l.items } : {}),
      ...(l.reason !== undefined ? { reason: l.reason } : {}),
    })),
  });
}
