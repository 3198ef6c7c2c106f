import { spreadsheetConnector } from '../../../connectors/spreadsheet/index.ts';
import type { DecodeResult, ResolvedPartner } from '../../core/connector.ts';
import type { Channel } from '../../core/order.ts';
import { knownPartnerContext } from '../stages/known-partner-context.ts';

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
  const ctx = knownPartnerContext(options.messageId, options.partner, options.now);
  return spreadsheetConnector.decode(
    {
      channel: options.channel,
      bytes: file.bytes,
      receivedAt: ctx.now(),
      partnerId: options.partner.id,
      ...(file.filename ? { filename: file.filename } : {}),
      ...(file.contentType ? { contentType: file.contentType } : {}),
    },
    ctx,
  );
}
