import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../core/error-codes.ts';
import type { ErrorKind } from '../core/errors.ts';
import { type ExceptionType, exceptionDeadline, exceptionTypeOf } from '../core/wholesale-settings.ts';
import { insertRecordset } from './bulk.ts';
import type { Database } from './client.ts';

/** Something a person must look at: a held order, an unknown sender, a job that failed for good. */
export interface RaisedException {
  code: ErrorCode;
  kind: ErrorKind;
  message: string;
  messageId?: string;
  orderId?: string;
  partnerId?: string;
  /** The kind of decision (`price`, `item`, `email` …); default: the type of `code`. */
  type?: ExceptionType;
  /** Who works it; default none (anyone may take it). */
  owner?: string;
  /** When it must be decided by; default the type's built-in SLA from now. */
  dueAt?: Date;
  details?: unknown;
}

/** The one way an exception is opened for operators: one or any number, in the caller's transaction. */
export async function raiseException(
  tx: Database,
  raised: RaisedException | readonly RaisedException[],
): Promise<void> {
  const list: readonly RaisedException[] = Array.isArray(raised) ? raised : [raised as RaisedException];
  if (list.length === 0) return;
  const now = new Date();
  await insertRecordset(
    tx,
    'exceptions',
    'id text, message_id text, order_id text, partner_id text, code text, type text, owner text, due_at timestamptz, kind text, message text, details jsonb',
    list.map((e) => ({
      id: randomUUID(),
      message_id: e.messageId ?? null,
      order_id: e.orderId ?? null,
      partner_id: e.partnerId ?? null,
      code: e.code,
      type: e.type ?? exceptionTypeOf(e.code),
      owner: e.owner ?? null,
      due_at: (e.dueAt ?? exceptionDeadline(e.type ?? exceptionTypeOf(e.code), now, {})).toISOString(),
      kind: e.kind,
      message: e.message,
      details: e.details ?? null,
    })),
  );
}
