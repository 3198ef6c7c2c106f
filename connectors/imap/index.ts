import type { DecodeResult, InboundConnector } from '../../src/core/connector.ts';
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
  // Reading the orders in a mail is the email format's (its own connector, registered for the channel); this
  // door only receives. Until that format is wired in here, a mail decodes to this one refusal.
  async decode(): Promise<DecodeResult> {
    return {
      orders: [],
      diagnostics: [
        {
          severity: 'error',
          code: 'message.channel_not_supported',
          message: 'order mails cannot be read yet: no email format is registered',
        },
      ],
      unusable: true,
    };
  },
};
