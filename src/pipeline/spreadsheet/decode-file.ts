import { randomUUID } from 'node:crypto';
import { spreadsheetConnector } from '../../../connectors/spreadsheet/index.ts';
import type { DecodeResult, ResolvedPartner } from '../../core/connector.ts';
import { permanent } from '../../core/errors.ts';
import type { Channel } from '../../core/order.ts';

/** A spreadsheet as one of the doors hands it over: an upload, a mail's attachment. */
export interface SpreadsheetInput {
  bytes: Uint8Array;
  filename?: string;
  contentType?: string;
}

/**
 * Reads one spreadsheet (CSV, XLSX) into canonical orders of `channel` with the spreadsheet connector, for the
 * partner the door established (its `spreadsheet` mapping, else the built-in default, and its `badRows`
 * policy). Pure apart from the clock and ids: the pipeline writes what it returns, the upload door's preview
 * only shows it.
 */
export function decodeSpreadsheetFile(
  file: SpreadsheetInput,
  options: { channel: Channel; messageId: string; partner: ResolvedPartner; now?: () => Date },
): Promise<DecodeResult> {
  const now = options.now ?? (() => new Date());
  return spreadsheetConnector.decode(
    {
      channel: options.channel,
      bytes: file.bytes,
      receivedAt: now(),
      partnerId: options.partner.id,
      ...(file.filename ? { filename: file.filename } : {}),
      ...(file.contentType ? { contentType: file.contentType } : {}),
    },
    {
      now,
      newId: randomUUID,
      messageId: options.messageId,
      partner: options.partner,
      resolvePartner: async () => undefined,
      controlNumbers: {
        next: () => Promise.reject(permanent('gateway.internal', 'a spreadsheet numbers no interchange')),
      },
    },
  );
}
