import { randomUUID } from 'node:crypto';
import type { ErrorCode, ErrorKind } from '../core/error-codes.ts';
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

/** Opens exceptions for operators, any number of them, in the caller's transaction. */
export async function raiseExceptions(tx: Database, raised: readonly RaisedException[]): Promise<void> {
  await insertRecordset(
    tx,
    'exceptions',
    'id text, message_id text, order_id text, code text, kind text, message text, details jsonb',
    raised.map((e) => ({
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
