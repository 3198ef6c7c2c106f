import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import { type ImapConfig, imapPort } from './config.ts';

/** How long a connection may take to come up (TCP, TLS, greeting) before it counts as unreachable. */
const CONNECT_TIMEOUT_MS = 20_000;

/**
 * A new, unconnected client for the mailbox (an ImapFlow connects once: every reconnect needs a new one).
 * IDLE starts after one quiet second instead of imapflow's 15, so a new mail is heard of at once; the source is
 * fetched as BODY.PEEK[] (imapflow's `source`), never BINARY, so the bytes are the mail as stored, and nothing
 * is marked \Seen by reading it. imapflow is loaded here, by the first mailbox, not by every process that
 * imports the connectors.
 */
export async function imapClient(config: ImapConfig): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  const options: ImapFlowOptions = {
    host: config.host,
    port: imapPort(config),
    secure: config.secure,
    auth:
      config.accessToken !== undefined
        ? { user: config.user, accessToken: config.accessToken }
        : { user: config.user, pass: config.password },
    logger: false,
    autoIdleDelay: 1000,
    disableBinary: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    clientInfo: { name: 'ordergate' },
  };
  if (!config.secure && config.starttls !== undefined) options.doSTARTTLS = config.starttls;
  return new ImapFlow(options);
}

/** What imapflow and Node put on the errors a connection raises. */
interface ConnectionFailure {
  code?: string;
  authenticationFailed?: boolean;
  /** Set by imapflow when STARTTLS was required and the server does not offer it. */
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  message?: string;
}

/** Node's TLS failures (certificates, handshake) and imapflow's STARTTLS ones, by their error codes. */
const TLS_FAILURE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|UPGRADE_TIMEOUT|STARTTLS_)/;

/** The registered code for a failed connect-and-login, and a message with no credential in it. */
export function connectFailure(error: unknown): { code: ErrorCode; message: string } {
  const e = (error ?? {}) as ConnectionFailure;
  const detail = e.responseText || e.message || String(error);
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED')
    return { code: 'imap.auth_failed', message: `the server refused the login: ${detail}` };
  if (e.tlsFailed || TLS_FAILURE.test(e.code ?? ''))
    return { code: 'imap.tls_failed', message: `TLS failed: ${detail}` };
  return {
    code: 'imap.unreachable',
    message: `cannot reach the server${e.code ? ` (${e.code})` : ''}: ${detail}`,
  };
}
