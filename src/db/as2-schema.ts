import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * AS2 (RFC 4130): the certificates both sides sign and encrypt with, and every AS2 transfer with its MDN. The
 * bytes themselves (a received request, an MDN we answered or were sent, a document we sent) are `messages`
 * rows like every other message; these tables hold what AS2 adds to them.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Certificates: our own key pairs (`partnerId` null, with the private key sealed with ORDERGATE_SECRETS_KEY)
 * and each partner's certificates. Rotation: a new one is used from `activeFrom`; the one it replaces is still
 * accepted (decrypting what partners encrypted to it, verifying what they signed with it) until
 * `acceptedUntil`, the end of the overlap. Null `acceptedUntil`: no end set.
 */
export const as2Certificates = pgTable(
  'as2_certificates',
  {
    id: text('id').primaryKey(),
    /** Null for our own key pairs. */
    partnerId: text('partner_id'),
    name: text('name').notNull(),
    /** What the certificate is used for: signing, encryption, or both. */
    usage: text('usage', { enum: ['sign', 'encrypt', 'both'] }).notNull(),
    certificatePem: text('certificate_pem').notNull(),
    /** PKCS#8 PEM, sealed; our own key pairs only. */
    privateKey: text('private_key'),
    /** SHA-256 of the certificate's DER, lower-case hex. */
    fingerprint: text('fingerprint').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    serial: text('serial').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    activeFrom: timestamp('active_from', { withTimezone: true }).notNull().defaultNow(),
    acceptedUntil: timestamp('accepted_until', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('as2_certificates_owner_fingerprint').on(sql`coalesce(${t.partnerId}, '')`, t.fingerprint),
    index('as2_certificates_partner').on(t.partnerId),
  ],
);

/** An AS2 transfer's state: inbound answered; outbound waiting for its MDN, acknowledged, or failed. */
export const AS2_TRANSFER_STATUSES = ['answered', 'awaiting-mdn', 'acknowledged', 'failed'] as const;

/**
 * One AS2 message each way, by its `Message-ID`: unique per partner and direction, so a resent message is
 * answered with its original MDN and never processed twice, and an asynchronous MDN finds what it answers.
 */
export const as2Transfers = pgTable(
  'as2_transfers',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    /** The `Message-ID` header without its angle brackets. */
    as2MessageId: text('as2_message_id').notNull(),
    /** Inbound: the stored raw request (headers and body). Outbound: the message whose document was sent. */
    messageId: text('message_id').notNull(),
    /** Inbound: the payload taken out of the request, stored for decoding; null when it could not be. */
    payloadMessageId: text('payload_message_id'),
    /** Base64 digest of the received (inbound) or sent (outbound) content, and its algorithm (sha-256 …). */
    mic: text('mic'),
    micAlg: text('mic_alg'),
    /** How the MDN travels: in the HTTP answer, posted later to `mdnUrl`, or not at all. */
    mdnMode: text('mdn_mode', { enum: ['sync', 'async', 'none'] }).notNull(),
    mdnUrl: text('mdn_url'),
    /** Inbound: the MDN we answered with (an outbound message). Outbound: the MDN received (inbound). */
    mdnMessageId: text('mdn_message_id'),
    /** `processed`, or `processed/error: decryption-failed` …; null while an MDN is awaited. */
    disposition: text('disposition'),
    status: text('status', { enum: AS2_TRANSFER_STATUSES }).notNull(),
    /**
     * Outbound, asynchronous MDN: sends made so far (one that stays unconfirmed is sent again, up to a limit).
     * A synchronous send's failed attempts are the deliver job's attempts: its row is written with the MDN.
     */
    attempts: integer('attempts').notNull().default(0),
    /** Outbound, awaiting an MDN: when to send again if none has come. */
    resendAt: timestamp('resend_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('as2_transfers_message').on(t.partnerId, t.direction, t.as2MessageId),
    index('as2_transfers_outbound_message').on(t.messageId),
    index('as2_transfers_resend').on(t.status, t.resendAt),
  ],
);
