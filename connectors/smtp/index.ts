import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { DeliveryPayload, OutboundConnector } from '../../src/core/connector.ts';
import { type GatewayError, permanent, retryable } from '../../src/core/errors.ts';
import { deliveryAddresses, literalHostProblem } from '../delivery-address.ts';

export const SmtpConfig = z.strictObject({
  host: z.string().trim().min(1),
  port: z.number().int().min(1).max(65_535).default(587),
  /** true: TLS from the first byte (port 465). false: plain, upgraded with STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Never logged nor put in an error. */
  auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  from: z.email(),
  fromName: z.string().trim().min(1).optional(),
  /** One address or several; every one must be accepted, or the send fails permanently. */
  to: z.union([z.email(), z.array(z.email()).min(1)]).transform((to) => (Array.isArray(to) ? to : [to])),
  /** `{documentType}`, `{partnerId}`, `{filename}` and `{idempotencyKey}` are filled in. */
  subject: z.string().min(1).default('EDI {documentType} for {partnerId}: {filename}'),
  /** Limit for connecting, the greeting and each later reply. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});
export type SmtpConfig = z.infer<typeof SmtpConfig>;
export type SmtpConfigInput = z.input<typeof SmtpConfig>;

/**
 * The Message-ID a delivery carries: the same for every retry and replay of one document, so a receiving
 * mailbox (or the partner's mail-to-EDI gateway) can drop repeats. The idempotency key is kept readable, with
 * characters outside `[A-Za-z0-9_-]` percent-encoded (RFC 5322 §3.6.4 dot-atom-text); a very long key is hashed.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'ordergate.invalid';
  let local = Array.from(Buffer.from(idempotencyKey, 'utf8'), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  if (local.length > 128) local = `sha256-${createHash('sha256').update(idempotencyKey).digest('hex')}`;
  return `<ordergate-${local}@${domain}>`;
}

export function subjectFor(template: string, payload: DeliveryPayload): string {
  const values: Record<string, string> = {
    documentType: payload.documentType,
    partnerId: payload.partnerId,
    filename: payload.filename,
    idempotencyKey: payload.idempotencyKey,
  };
  // Line breaks would fold or inject headers: a subject is one line.
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all).replace(/[\r\n]+/g, ' ');
}

/**
 * E-mail delivery: one message per document, the document attached byte for byte under its file name. One
 * connection per send (no pool), closed afterwards. Every configured recipient must be accepted: a partial
 * refusal is permanent, after the accepted recipients got the message (a replay re-sends with the same
 * Message-ID). The host must resolve to public addresses only, unless the context allows private ones (see
 * `deliveryAddresses`); the connection goes to the first address that was checked, the name kept for TLS.
 */
export const smtpTransport: OutboundConnector<SmtpConfig> = {
  id: 'smtp',
  configSchema: SmtpConfig,
  check(config, context) {
    const problem = literalHostProblem(config.host, context);
    return problem === undefined ? [] : [{ path: 'host', message: problem }];
  },
  async send(payload, config, context) {
    const where = `${config.host}:${config.port}`;
    const messageId = messageIdFor(payload.idempotencyKey, config.from);
    const [{ address }] = await deliveryAddresses(config.host, context).catch((error: unknown) => {
      throw classify(error, where, config, messageId);
    });
    // loaded by the first delivery, not by every process that imports the connectors
    const { createTransport } = await import('nodemailer');
    const transporter = createTransport({
      // an address, so nodemailer does not resolve the name again; the name is what TLS checks the certificate of
      host: address,
      ...(isIP(config.host) ? {} : { servername: config.host }),
      port: config.port,
      secure: config.secure,
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      logger: false,
      debug: false,
    });
    // a document that is itself a mail (a reply to an order mail, threaded) goes out as it is, not attached
    const mail =
      payload.contentType === 'message/rfc822'
        ? { envelope: { from: config.from, to: config.to }, raw: Buffer.from(payload.bytes) }
        : undefined;
    try {
      const info = await transporter.sendMail(
        mail ?? {
          from: config.fromName ? { name: config.fromName, address: config.from } : config.from,
          to: config.to,
          subject: subjectFor(config.subject, payload),
          messageId,
          headers: {
            'X-Ordergate-Document-Type': payload.documentType,
            'X-Ordergate-Idempotency-Key': payload.idempotencyKey,
          },
          text: `${payload.documentType} document for ${payload.partnerId} attached: ${payload.filename}\n`,
          attachments: [
            {
              filename: payload.filename,
              content: Buffer.from(payload.bytes.buffer, payload.bytes.byteOffset, payload.bytes.byteLength),
              contentType: payload.contentType,
            },
          ],
        },
      );
      const rejected = info.rejected.map(String);
      if (rejected.length)
        throw permanent(
          'smtp.recipient_refused',
          `${where} refused ${rejected.join(', ')} (delivered to ${info.accepted.map(String).join(', ')})`,
          { details: { server: where, rejected, accepted: info.accepted.map(String), messageId } },
        );
      // a raw mail carries its own Message-ID, which nodemailer reads from its header
      return { deliveredAt: new Date(), remoteId: mail ? info.messageId || messageId : messageId };
    } catch (error) {
      throw classify(error, where, config, messageId);
    } finally {
      transporter.close();
    }
  },
};

interface NodemailerFailure {
  code?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  rejected?: string[];
}

/** Codes that no later attempt can fix without an operator changing the configuration. */
const CONFIG_CODES = new Set(['ENOAUTH', 'ECONFIG', 'EMESSAGE', 'EREQUIRETLS', 'EMAXRECIPIENTS']);

function classify(error: unknown, where: string, config: SmtpConfig, messageId: string): GatewayError {
  if (typeof (error as GatewayError).kind === 'string') return error as GatewayError;
  const e = (error ?? {}) as NodemailerFailure;
  const code = e.code ?? 'unknown';
  const said = redact(e.response ?? e.message ?? String(error), config);
  const details = {
    server: where,
    messageId,
    errno: code,
    ...(e.responseCode ? { responseCode: e.responseCode } : {}),
    ...(e.command ? { command: e.command.split(' ').slice(0, 2).join(' ') } : {}), // never the AUTH argument
    ...(e.rejected?.length ? { rejected: e.rejected } : {}),
  };
  const reply = e.responseCode;
  // RFC 5321 §4.2.1: 4yz is transient, 5yz permanent; 503 is a bad command sequence, fixed by a new session.
  if (reply !== undefined && (reply < 500 || reply === 503))
    return retryable('smtp.deferred', `${where} deferred the message: ${said}`, { details });
  if (code === 'EAUTH')
    return permanent(
      'smtp.auth_failed',
      `${where} refused the login for ${config.auth?.user ?? '(none)'}: ${said}`,
      {
        details,
      },
    );
  if (code === 'EENVELOPE' && /^RCPT/i.test(e.command ?? ''))
    return permanent('smtp.recipient_refused', `${where} refused the recipient: ${said}`, { details });
  if (reply !== undefined || code === 'EENVELOPE')
    return permanent('smtp.refused', `${where} refused the message: ${said}`, { details });
  if (CONFIG_CODES.has(code))
    return permanent('smtp.config', `cannot send through ${where}: ${said} (${code})`, { details });
  // ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ETLS, EPROTOCOL …: the server is down or unreachable for now.
  return retryable('smtp.network', `could not send through ${where}: ${said} (${code})`, { details });
}

function redact(text: string, config: SmtpConfig): string {
  const pass = config.auth?.pass;
  return pass ? text.split(pass).join('***') : text;
}
