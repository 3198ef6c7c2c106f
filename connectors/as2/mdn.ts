/**
 * AS2 Message Disposition Notifications (RFC 4130 §7.4, RFC 8098 report format): built for what we received,
 * read for what we sent.
 */
import { type As2SignAlg, micAlgName, parseMicAlg } from './algorithms.ts';
import { As2Error, type As2Failure } from './as2-error.ts';
import { verifySignedData } from './cms-signature.ts';
import type { As2KeyPair } from './keys.ts';
import {
  buildEntity,
  buildMultipartBody,
  canonicalLineBreaks,
  cmsBody,
  contentTypeOf,
  decodedBody,
  hasBareLf,
  header,
  type MimeEntity,
  multipartParts,
  newBoundary,
  parseEntity,
} from './mime.ts';
import { wrapAs2 } from './wrap.ts';

/** What an MDN we send says. */
export interface MdnContent {
  reportingUa: string;
  /** Our AS2 id. */
  originalRecipient: string;
  finalRecipient: string;
  /** The Message-ID of the message this answers, with its angle brackets. */
  originalMessageId: string;
  /** `automatic-action/MDN-sent-automatically; processed` or `…; processed/error: <failure>`. */
  disposition: { type: 'processed'; failure?: As2Failure };
  mic?: { digest: string; alg: As2SignAlg };
  /** The human-readable part. */
  text: string;
}

/** Header values go on one line: a CR or LF in one would start a field of its own. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

/**
 * Builds an MDN: multipart/report; report-type=disposition-notification with a text/plain part and the
 * message/disposition-notification part, or that wrapped in multipart/signed when `sign` is given (the MDN's
 * own MIC is not needed: nobody returns a receipt for a receipt).
 */
export function buildMdn(
  content: MdnContent,
  sign?: { key: As2KeyPair; alg: As2SignAlg },
): { contentType: string; body: Uint8Array } {
  const fields = [
    `Reporting-UA: ${oneLine(content.reportingUa)}`,
    `Original-Recipient: rfc822; ${oneLine(content.originalRecipient)}`,
    `Final-Recipient: rfc822; ${oneLine(content.finalRecipient)}`,
    `Original-Message-ID: ${oneLine(content.originalMessageId)}`,
    `Disposition: automatic-action/MDN-sent-automatically; processed${content.disposition.failure ? `/error: ${content.disposition.failure}` : ''}`,
  ];
  if (content.mic !== undefined)
    fields.push(`Received-Content-MIC: ${content.mic.digest}, ${micAlgName(content.mic.alg)}`);
  const text = buildEntity(
    [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Transfer-Encoding', '8bit'],
    ],
    canonicalLineBreaks(Buffer.from(`${content.text.replace(/\s+$/, '')}\r\n`, 'utf8')),
  );
  const notification = buildEntity(
    [
      ['Content-Type', 'message/disposition-notification'],
      ['Content-Transfer-Encoding', '7bit'],
    ],
    Buffer.from(`${fields.join('\r\n')}\r\n`, 'latin1'),
  );
  const boundary = newBoundary();
  const contentType = `multipart/report; report-type=disposition-notification; boundary="${boundary}"`;
  const body = buildMultipartBody(boundary, [text, notification]);
  if (sign === undefined) return { contentType, body };
  const signed = wrapAs2(
    { bytes: body, contentType },
    { sign: { key: sign.key, alg: sign.alg }, micAlg: sign.alg },
  );
  return { contentType: signed.contentType, body: signed.body };
}

/** What an MDN we received says. */
export interface ReadMdn {
  signed: boolean;
  /** Fingerprint of the partner certificate that verified it. */
  signerFingerprint?: string;
  originalMessageId?: string;
  /** The Disposition field as it came. */
  disposition: string;
  /** Processed without error or failure (a warning still counts as processed). */
  processed: boolean;
  /** What the `error:` or `failure:` modifier names: `decryption-failed`, … */
  failure?: string;
  mic?: { digest: string; alg: As2SignAlg | undefined };
  text?: string;
}

/** The fields of a message/disposition-notification body (RFC 8098 §3.1: header-like, folding allowed). */
function notificationFields(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of body.toString('utf8').split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      fields.set(
        line.slice(0, colon).trim().toLowerCase(),
        line
          .slice(colon + 1)
          .replace(/\s+/g, ' ')
          .trim(),
      );
  }
  return fields;
}

/** The report parts of a multipart/report (or, from a few products, the notification sent bare). */
function reportParts(entity: MimeEntity): { notification?: Buffer; text?: string } {
  const type = contentTypeOf(entity);
  if (type.value === 'message/disposition-notification') return { notification: decodedBody(entity) };
  if (type.value !== 'multipart/report')
    throw new As2Error('unexpected-processing-error', `the MDN is ${type.value}, not multipart/report`);
  const found: { notification?: Buffer; text?: string } = {};
  for (const raw of multipartParts(entity.body, type.params.boundary ?? '')) {
    const part = parseEntity(raw);
    const partType = contentTypeOf(part).value;
    if (partType === 'message/disposition-notification') found.notification ??= decodedBody(part);
    else if (partType === 'text/plain') found.text ??= decodedBody(part).toString('utf8').trim();
  }
  return found;
}

/**
 * Reads an MDN (`contentType` and `body` as the HTTP response or request carried them). With `verifyWith` (the
 * partner's certificates) the MDN must be signed by one of them: unsigned, or not verifying, throws As2Error
 * `authentication-failed`. Without `verifyWith`, a signature is not checked (`signed` still says whether there
 * was one). Throws As2Error `unexpected-processing-error` when it is no MDN.
 */
export function readMdn(
  message: { contentType: string; body: Uint8Array },
  verifyWith: string[] | undefined,
): ReadMdn {
  const body = Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
  let entity: MimeEntity = { headers: [['content-type', message.contentType]], body, raw: body };
  let signed = false;
  let signerFingerprint: string | undefined;
  const outer = contentTypeOf(entity);
  if (outer.value === 'multipart/signed') {
    signed = true;
    let parts: Buffer[];
    try {
      parts = multipartParts(body, outer.params.boundary ?? '');
    } catch (error) {
      throw new As2Error(
        'unexpected-processing-error',
        `the signed MDN cannot be read: ${(error as Error).message}`,
      );
    }
    const [signedPart, signaturePart] = parts;
    if (signedPart === undefined || signaturePart === undefined)
      throw new As2Error('unexpected-processing-error', 'the signed MDN has no signature part');
    let content = signedPart;
    if (verifyWith !== undefined) {
      const signatureEntity = parseEntity(signaturePart);
      const signature = cmsBody(signatureEntity, header(signatureEntity, 'content-transfer-encoding'));
      try {
        signerFingerprint = verifySignedData(signature, content, verifyWith).signerFingerprint;
      } catch (error) {
        if (!(error instanceof As2Error && error.failure === 'integrity-check-failed' && hasBareLf(content)))
          throw new As2Error(
            'authentication-failed',
            `the MDN’s signature does not verify: ${(error as Error).message}`,
          );
        // signed in canonical CRLF form, sent with bare LFs
        content = canonicalLineBreaks(content);
        try {
          signerFingerprint = verifySignedData(signature, content, verifyWith).signerFingerprint;
        } catch (again) {
          throw new As2Error(
            'authentication-failed',
            `the MDN’s signature does not verify: ${(again as Error).message}`,
          );
        }
      }
    }
    entity = parseEntity(content);
  } else if (verifyWith !== undefined) throw new As2Error('authentication-failed', 'the MDN is not signed');

  const { notification, text } = reportParts(entity);
  if (notification === undefined)
    throw new As2Error('unexpected-processing-error', 'the MDN has no disposition notification');
  const fields = notificationFields(notification);
  const disposition = fields.get('disposition') ?? '';
  // `action-mode/sending-mode; type[/modifier: value]`: processed, processed/warning: …, processed/error: …, failed/failure: …
  const [, dispositionType = '', modifier, value] =
    /;\s*([a-z-]+)\s*(?:\/\s*([a-z-]+)\s*:?\s*(.*))?$/i.exec(disposition) ?? [];
  const failed =
    dispositionType.toLowerCase() !== 'processed' || /^(error|failure|failed)$/i.test(modifier ?? '');
  const micField = fields.get('received-content-mic');
  const comma = micField?.lastIndexOf(',') ?? -1;
  return {
    signed,
    ...(signerFingerprint === undefined ? {} : { signerFingerprint }),
    ...(fields.has('original-message-id') ? { originalMessageId: fields.get('original-message-id') } : {}),
    disposition,
    processed: !failed,
    ...(failed && value ? { failure: value.trim() } : {}),
    ...(micField !== undefined && comma > 0
      ? { mic: { digest: micField.slice(0, comma).trim(), alg: parseMicAlg(micField.slice(comma + 1)) } }
      : {}),
    ...(text === undefined ? {} : { text }),
  };
}
