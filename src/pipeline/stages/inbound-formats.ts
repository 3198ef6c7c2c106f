import type { Channel } from '../../core/order.ts';
import { type MappingsFor, processX12Message } from '../x12/x12-inbound.ts';
import type { InboundFormat } from './inbound-format.ts';

/**
 * Every inbound format the decode stage can read, by channel: one line each. A message of a channel missing
 * here is failed permanently (`message.channel_not_supported`), not retried.
 */
export function inboundFormats(deps: { mappingsFor: MappingsFor }): ReadonlyMap<Channel, InboundFormat> {
  const formats: InboundFormat[] = [
    { channel: 'x12', decode: (tx, message) => processX12Message(tx, message, deps.mappingsFor) },
  ];
  return new Map(formats.map((format) => [format.channel, format]));
}
