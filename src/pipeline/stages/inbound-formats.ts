import type { Channel } from '../../core/order.ts';
import type { MailContext } from '../../runtime/config.ts';
import { processMailMessage } from '../mail/mail-inbound.ts';
import { processPortalMessage } from '../portal/portal-inbound.ts';
import { processSpreadsheetMessage } from '../spreadsheet/spreadsheet-inbound.ts';
import { type MappingsFor, processX12Message } from '../x12/x12-inbound.ts';
import type { InboundFormat } from './inbound-format.ts';

/**
 * Every inbound format the decode stage can read, by channel: one line each. A message of a channel missing
 * here is failed permanently (`message.channel_not_supported`), not retried.
 */
export function inboundFormats(deps: {
  mappingsFor: MappingsFor;
  mail: MailContext;
}): ReadonlyMap<Channel, InboundFormat> {
  const formats: InboundFormat[] = [
    { channel: 'x12', decode: (tx, message) => processX12Message(tx, message, deps.mappingsFor) },
    { channel: 'csv', decode: processSpreadsheetMessage },
    { channel: 'email', decode: (tx, message) => processMailMessage(tx, message, deps.mail) },
    { channel: 'portal', decode: processPortalMessage },
  ];
  return new Map(formats.map((format) => [format.channel, format]));
}
