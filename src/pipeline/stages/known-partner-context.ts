import { randomUUID } from 'node:crypto';
import type { ConnectorContext, ResolvedPartner } from '../../core/connector.ts';
import { permanent } from '../../core/errors.ts';

/**
 * The context a connector decodes with when the door has established the partner (an upload naming it, a mail
 * proved to be its): the clock, fresh ids, that partner, no other to resolve, and no control numbers to hand
 * out, since an X12 interchange is decoded as a message of its own (with the partner's counters) instead.
 */
export function knownPartnerContext(
  messageId: string,
  partner: ResolvedPartner,
  now: () => Date = () => new Date(),
): ConnectorContext {
  return {
    now,
    newId: randomUUID,
    messageId,
    partner,
    resolvePartner: async () => undefined,
    controlNumbers: {
      next: () =>
        Promise.reject(
          permanent(
            'gateway.internal',
            'no interchange is numbered here: X12 is decoded as a message of its own',
          ),
        ),
    },
  };
}
