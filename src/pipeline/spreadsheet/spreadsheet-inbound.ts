import { append } from '../../core/append.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { permanent } from '../../core/errors.ts';
import { wholeBytes } from '../../core/whole-bytes.ts';
import type { Database } from '../../db/client.ts';
import { resolvedPartner } from '../../partners/resolved-partner.ts';
import type { DecodeOutcome, StoredInbound } from '../stages/inbound-format.ts';
import { OrderWriter } from '../stages/order-writer.ts';
import { replayChain, supersedeReplayed } from '../stages/replayed-runs.ts';
import { decodeSpreadsheetFile } from './decode-file.ts';

/** Problems kept on the message row: a 100,000-row file of bad rows must not make one huge row. */
const MAX_STORED_DIAGNOSTICS = 500;

/**
 * Decodes one uploaded spreadsheet (channel `csv`: `POST /v1/inbound/upload`) inside the decode stage's
 * transaction: the partner is the one the upload named (an upload without one is refused at the door), the
 * orders are written for validation, and every problem stays on the message for `GET /v1/messages/:id`.
 */
export async function processSpreadsheetMessage(
  tx: Database,
  message: StoredInbound,
): Promise<DecodeOutcome> {
  if (message.partnerId === null)
    throw permanent('message.partner_missing', `spreadsheet ${message.id} names no partner`);
  const partner = await resolvedPartner(tx, message.partnerId);
  if (partner === undefined)
    throw permanent('message.partner_missing', `spreadsheet ${message.id}: no partner ${message.partnerId}`);
  const replaying = await replayChain(tx, message.replayOf);
  const result = await decodeSpreadsheetFile(
    {
      bytes: await wholeBytes(message.raw),
      ...(message.filename ? { filename: message.filename } : {}),
      ...(message.contentType ? { contentType: message.contentType } : {}),
    },
    { channel: 'csv', messageId: message.id, partner },
  );
  const writer = new OrderWriter(tx, 'pipeline');
  for (const order of result.orders) await writer.add(order);
  const orderIds = await writer.finish(new Set());
  if (orderIds.length > 0) await supersedeReplayed(tx, replaying, 'pipeline');
  const diagnostics: Diagnostic[] = [];
  append(diagnostics, result.diagnostics.slice(0, MAX_STORED_DIAGNOSTICS));
  return {
    status: orderIds.length > 0 ? 'done' : 'rejected',
    orderIds,
    diagnostics,
    answers: [],
    toDeliver: [],
    counts: {
      orders: orderIds.length,
      lines: result.orders.reduce((n, o) => n + o.lines.length, 0),
      problems: result.diagnostics.filter((d) => d.severity === 'error').length,
    },
    partnerId: partner.id,
    documentTypes: 'spreadsheet',
  };
}
