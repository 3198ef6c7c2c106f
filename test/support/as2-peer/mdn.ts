/**
 * Message Disposition Notifications as the reference peer writes them (RFC 4130 §7, RFC 3798): a
 * multipart/report with a human-readable part and a message/disposition-notification part, inside
 * multipart/signed when a signed receipt was asked for.
 */
import { randomUUID } from 'node:crypto';
import type { As2Error } from './message.ts';
import { signedEntity } from './message.ts';
import { entityBytes, multipartBody, parseEntity } from './mime.ts';
import { type DigestName, type Identity, micAlgOf, type OpenSsl } from './openssl.ts';

/** What an MDN reports. */
export interface MdnFields {
  /** The MDN's sender (AS2-From: who received the message) and addressee (AS2-To). */
  as2From: string;
  as2To: string;
  originalMessageId: string;
  /** The MIC of the received content, base64, and the digest it was computed with. */
  mic?: { value: string; digest: DigestName };
  /** `undefined`: processed; else the `processed/error:` modifier. */
  error?: As2Error;
}

/** An MDN ready for HTTP: headers (Content-Type among them) and body. */
export interface MdnMessage {
  messageId: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** The AS2 header value of a name: quoted when it holds spaces (RFC 4130 §6.2). */
export function as2Name(name: string): string {
  return /[\s"\\]/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
}

/** An MDN for `fields`; signed with `signer` (and the MIC's digest) unless `signer` is undefined. */
export async function buildMdn(openssl: OpenSsl, fields: MdnFields, signer?: Identity): Promise<MdnMessage> {
  const reportBoundary = `----=_Report_${randomUUID()}`;
  const disposition = `automatic-action/MDN-sent-automatically; ${fields.error ? `processed/error: ${fields.error}` : 'processed'}`;
  const notification = [
    'Reporting-UA: ordergate AS2 reference peer (openssl, curl)',
    `Original-Recipient: rfc822; ${fields.as2From}`,
    `Final-Recipient: rfc822; ${fields.as2From}`,
    `Original-Message-ID: ${fields.originalMessageId}`,
    ...(fields.mic ? [`Received-Content-MIC: ${fields.mic.value}, ${micAlgOf(fields.mic.digest)}`] : []),
    `Disposition: ${disposition}`,
    '',
  ].join('\r\n');
  const text = fields.error
    ? `The AS2 message ${fields.originalMessageId} could not be processed: ${fields.error}.\r\n`
    : `The AS2 message ${fields.originalMessageId} was received and processed.\r\n`;
  const report = entityBytes(
    [
      [
        'Content-Type',
        `multipart/report; report-type=disposition-notification; boundary="${reportBoundary}"`,
      ],
    ],
    multipartBody(reportBoundary, [
      entityBytes(
        [
          ['Content-Type', 'text/plain; charset=us-ascii'],
          ['Content-Transfer-Encoding', '7bit'],
        ],
        Buffer.from(text),
      ),
      entityBytes(
        [
          ['Content-Type', 'message/disposition-notification'],
          ['Content-Transfer-Encoding', '7bit'],
        ],
        Buffer.from(notification),
      ),
    ]),
  );
  const entity = signer
    ? await signedEntity(openssl, report, signer, fields.mic?.digest ?? 'sha256')
    : report;
  const { headers, body } = parseEntity(entity);
  const messageId = `<mdn-${randomUUID()}@reference-peer>`;
  return {
    messageId,
    headers: {
      'AS2-Version': '1.2',
      'AS2-From': as2Name(fields.as2From),
      'AS2-To': as2Name(fields.as2To),
      'Message-ID': messageId,
      'MIME-Version': '1.0',
      Date: new Date().toUTCString(),
      'Content-Type': headers.get('content-type')!,
    },
    body,
  };
}
