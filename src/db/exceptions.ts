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

/** An exception as opened: its id and what it is about, for the event that tells the ERP. */
export interface OpenedException {
  id: string;
  code: string;
  type: string;
  message: string;
  orderId: string | null;
  messageId: string | null;
  partnerId: string | null;
  owner: string | null;
  dueAt: string;
}

/**
 * The one way an exception is opened for operators: one or any number, in the caller's transaction. Returns
 * what was opened (with ids), in the order given.
 */
export async function raiseException(
  tx: Database,
  raised: RaisedException | readonly RaisedException[],
): Promise<OpenedException[]> {
  const list: readonly RaisedException[] = Array.isArray(raised) ? raised : [raised as RaisedException];
  if (list.length === 0) return [];
  const now = new Date();
  const opened = list.map((e) => {
    const type = e.type ?? exceptionTypeOf(e.code);
    return {
      id: randomUUID(),
      code: e.code,
      type,
      message: e.message,
      orderId: e.orderId ?? null,
      messageId: e.messageId ?? null,
      partnerId: e.partnerId ?? null,
      owner: e.owner ?? null,
      dueAt: (e.dueAt ?? exceptionDeadline(type, now, {})).toISOString(),
      kind: e.kind,
      details: e.details ?? null,
    };
  });
  await insertRecordset(
    tx,
    'exceptions',
    'id text, message_id text, order_id text, partner_id text, code text, type text, owner text, due_at timestamptz, kind text, message text, details jsonb',
    opened.map((e) => ({
      id: e.id,
      message_id: e.messageId,
      order_id: e.orderId,
      partner_id: e.partnerId,
      code: e.code,
      type: e.type,
      owner: e.owner,
      due_at: e.dueAt,
      kind: e.kind,
      message: e.message,
      details: e.details,
    })),
  );
  return opened.map(({ kind: _kind, details: _details, ...rest }) => rest);
}
