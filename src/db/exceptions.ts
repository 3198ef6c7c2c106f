import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../core/error-codes.ts';
import type { ErrorKind } from '../core/errors.ts';
import { insertRecordset } from './bulk.ts';
import type { Database } from './client.ts';

/** Something a person must look at: a held order, an unknown sender, a job that failed for good. */
export interface RaisedException {
  code: ErrorCode;
  kind: ErrorKind;
  message: string;
  messageId?: string;
  orderId?: string;
  details?: unknown;
}

/** The one way an exception is opened for operators: one or any number, in the caller's transaction. */
export async function raiseException(
  tx: Database,
  raised: RaisedException | readonly RaisedException[],
): Promise<void> {
  const list: readonly RaisedException[] = Array.isArray(raised) ? raised : [raised as RaisedException];
  if (list.length === 0) return;
  await insertRecordset(
    tx,
    'exceptions',
    'id text, message_id text, order_id text, code text, kind text, message text, details jsonb',
    list.map((e) => ({
      id: randomUUID(),
      message_id: e.messageId ?? null,
      order_id: e.orderId ?? null,
      code: e.code,
      kind: e.kind,
      message: e.message,
      details: e.details ?? null,
    })),
  );
}
