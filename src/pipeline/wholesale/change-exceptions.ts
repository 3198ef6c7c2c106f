import { and, eq, sql } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { ErrorCode } from '../../core/error-codes.ts';
import type { ResolvedPartnerSettings } from '../../core/partner.ts';
import { exceptionDeadline, exceptionTypeOf } from '../../core/wholesale-settings.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { type RaisedException, raiseException } from '../../db/exceptions.ts';
import { exceptions } from '../../db/schema.ts';
import { exceptionOpenedEvents } from '../events/order-events.ts';
import { publishEvents } from '../events/publish.ts';
import { changeOrderStates } from '../stages/order-states.ts';

/** The change order a hold is about. */
export interface ChangedRow {
  id: string;
  partnerId: string;
  poNumber: string;
}

/** Where and when: the change's message, the time of routing, when the message arrived (for deadlines). */
export interface ChangeHoldContext {
  messageId: string;
  now: Date;
  receivedAt: Date | undefined;
}

/** The order's open exceptions are answered by the change: resolved, audited; new ones open if need be. */
export async function supersedeExceptions(
  tx: Database,
  orderId: string,
  changeOrderId: string,
): Promise<void> {
  const resolution = { action: 'superseded', changeOrderId };
  const closed = await tx
    .update(exceptions)
    .set({ status: 'resolved', resolvedAt: sql`now()`, resolvedBy: 'pipeline', resolution })
    .where(and(eq(exceptions.orderId, orderId), eq(exceptions.status, 'open')))
    .returning({ id: exceptions.id });
  await audit(
    tx,
    closed.map((e) => ({
      actor: 'pipeline',
      entityType: 'exception',
      entityId: e.id,
      action: 'resolve',
      before: { status: 'open' },
      after: { status: 'resolved', ...resolution },
    })),
  );
}

/** Holds the change order itself for a person: an exception of type `change`. */
export async function holdChange(
  tx: Database,
  row: ChangedRow,
  how: ChangeHoldContext,
  settings: ResolvedPartnerSettings | undefined,
  why: { code: ErrorCode; message: string; details: object },
): Promise<void> {
  await changeOrderStates(tx, [{ id: row.id, from: 'valid', to: 'held' }], {
    actor: 'pipeline',
    action: 'route',
  });
  const opened = await raiseException(tx, {
    messageId: how.messageId,
    orderId: row.id,
    partnerId: row.partnerId,
    code: why.code,
    type: 'change',
    kind: 'permanent',
    message: why.message,
    ...(settings?.exceptionOwner ? { owner: settings.exceptionOwner } : {}),
    dueAt: exceptionDeadline('change', how.now, settings ?? {}, how.receivedAt),
    details: why.details,
  });
  await publishEvents(tx, exceptionOpenedEvents(opened));
}

/** The exception holding the changed order: named and timed by its most urgent finding, as route does. */
export function orderException(
  orderId: string,
  row: ChangedRow,
  how: ChangeHoldContext,
  settings: ResolvedPartnerSettings | undefined,
  findings: readonly Diagnostic[],
): RaisedException {
  const slaOf = (d: Diagnostic) =>
    exceptionDeadline(exceptionTypeOf(d.code), new Date(0), settings ?? {}).getTime();
  const main = [...findings].sort((a, b) => slaOf(a) - slaOf(b))[0]!;
  const type = exceptionTypeOf(main.code);
  const codes = [...new Set(findings.map((f) => f.code))].join(', ');
  return {
    messageId: how.messageId,
    orderId,
    partnerId: row.partnerId,
    code: main.code,
    type,
    kind: 'permanent',
    message: `PO ${row.poNumber} held for a decision after a change: ${codes}`,
    ...(settings?.exceptionOwner ? { owner: settings.exceptionOwner } : {}),
    dueAt: exceptionDeadline(type, how.now, settings ?? {}, how.receivedAt),
    details: { diagnostics: findings, changeOrderId: row.id },
  };
}
