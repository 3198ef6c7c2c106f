import type { InboundConnector } from '../../src/core/connector.ts';
import { decodeMail } from '../email/decode.ts';
import { checkMailbox } from './check.ts';
import { ImapConfig } from './config.ts';
import { ImapSource } from './source.ts';

export { ImapConfig, type ImapConfigInput } from './config.ts';

/**
 * The IMAP mailbox door (channel `email`): each mail in the configured folder is stored raw, as its RFC 822
 * source, under its Message-ID and From address, then moved to the processed folder. IDLE wakes the intake
 * runner when a mail arrives; `pollMs` is the fallback. See README.md.
 */
export const imapConnector: InboundConnector<ImapConfig> = {
  id: 'imap',
  channel: 'email',
  configSchema: ImapConfig,
  secretKeys: ['password', 'accessToken', 'smtpPassword'],
  check: (config) => checkMailbox(config),
  async open(config, ctx) {
    return new ImapSource(config, ctx);
  },
  // a mailbox only receives: what a mail holds is read by the e-mail format, the same for every mail door
  decode: decodeMail,
};
