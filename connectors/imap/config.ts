import { z } from 'zod';

const port = z.number().int().min(1).max(65_535);
const folder = z.string().trim().min(1);

/** Where replies to order mails go out (the pipeline's reply step sends them; the mailbox only names it). */
const ReplySmtp = z.strictObject({
  host: z.string().trim().min(1),
  port,
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  /** The address replies are sent from. */
  from: z.email(),
});

/**
 * A mailbox the orders arrive in, read over IMAP. Credentials are top-level keys (`password`, `accessToken`,
 * `smtpPassword`), the ones the connector instances store sealed.
 */
export const ImapConfig = z
  .strictObject({
    host: z.string().trim().min(1),
    /** Default 993 with `secure`, 143 without. */
    port: port.optional(),
    /** TLS from the first byte (IMAPS, 993). */
    secure: z.boolean().default(true),
    /**
     * Without `secure`: true requires STARTTLS (the login fails where it is not offered), false never uses it;
     * unset, STARTTLS is used when the server offers it.
     */
    starttls: z.boolean().optional(),
    user: z.string().min(1),
    password: z.string().min(1).optional(),
    /** An OAuth2 access token (XOAUTH2: Microsoft 365, Gmail), instead of a password. */
    accessToken: z.string().min(1).optional(),
    /** The folder orders arrive in. */
    folder: folder.default('INBOX'),
    /** Where a mail goes once it is stored (created when missing). */
    processedFolder: folder.default('Processed'),
    /** Where the pipeline puts a mail it cannot read (created when missing). */
    /**
     * Where a mail the gateway will not take goes, left for a person (created when missing): one larger than
     * `maxMessageBytes`, which is never read into memory.
     */
    failedFolder: folder.default('Failed'),
    /** Largest mail taken, in bytes (its attachments included); larger ones go to `failedFolder`. */
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(50 * 1024 * 1024),
    /** How often the folder is read when no IDLE notice came (servers without IDLE, a lost connection). */
    pollMs: z.number().int().min(10).max(3_600_000).default(60_000),
    /** Set when the mailbox is one partner's own; otherwise the partner comes from the sender. */
    partnerId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a partner id (lower-case letters, digits, dashes)')
      .optional(),
    smtp: ReplySmtp.optional(),
    smtpPassword: z.string().min(1).optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.password === undefined) === (config.accessToken === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'give either a password or an accessToken',
      });
    if (config.smtpPassword !== undefined && config.smtp?.user === undefined)
      ctx.addIssue({ code: 'custom', path: ['smtpPassword'], message: 'needs smtp.user' });
    // a mail moved into the folder it is read from would be read again and again
    for (const key of ['processedFolder', 'failedFolder'] as const)
      if (config[key] === config.folder)
        ctx.addIssue({ code: 'custom', path: [key], message: `must differ from folder (${config.folder})` });
  });
export type ImapConfig = z.infer<typeof ImapConfig>;
export type ImapConfigInput = z.input<typeof ImapConfig>;

/** The port to connect to: the configured one, or IMAP's default for the transport. */
export function imapPort(config: Pick<ImapConfig, 'port' | 'secure'>): number {
  return config.port ?? (config.secure ? 993 : 143);
}
