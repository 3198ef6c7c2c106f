/**
 * Judging an MDN the gateway sent (synchronously in the HTTP response, or posted to the peer's receiver):
 * the signature checked by `openssl cms -verify` against the gateway's certificate, the
 * message/disposition-notification fields read, and the Received-Content-MIC compared with the MIC the peer
 * computed itself.
 */
import { As2Failure } from './message.ts';
import { decodedBody, headerValue, multipartParts, parseEntity } from './mime.ts';
import { type DigestName, digestOf, type OpenSsl, ToolError } from './openssl.ts';

/** An MDN's HTTP headers (names lower-cased) and body. */
export interface MdnResponse {
  headers: Record<string, string>;
  body: Buffer;
}

export interface MdnCheck {
  /** Whether it came as multipart/signed. */
  signed: boolean;
  /** Whether openssl verified that signature with the gateway's certificate (false when unsigned). */
  signatureValid: boolean;
  /** openssl's complaint when it did not. */
  signatureError: string | undefined;
  /** The whole Disposition field, e.g. `automatic-action/MDN-sent-automatically; processed`. */
  disposition: string;
  /** `processed` or, say, `processed/error: authentication-failed`. */
  status: string;
  /** The `processed/error:` modifier (`decryption-failed`, …), undefined when processed. */
  error: string | undefined;
  originalMessageId: string | undefined;
  /** Received-Content-MIC's value (base64) and digest. */
  receivedContentMic: { value: string; digest: DigestName | string } | undefined;
  /** Whether Received-Content-MIC is the MIC the peer expected, with the digest it expected. */
  micMatches: boolean;
  /** Every field of the disposition notification (names lower-cased). */
  fields: Record<string, string>;
}

/**
 * Checks an MDN: `gatewayCertPem` is the only trust anchor of the signature (its validity checked `at` that time,
 * now by default); `expectedMic` and `micAlg` are the MIC the peer computed over what it sent. Throws when the MDN has no disposition notification at all.
 */
export async function checkMdn(
  openssl: OpenSsl,
  response: MdnResponse,
  expected: { gatewayCertPem: string; expectedMic?: string; micAlg?: DigestName; at?: Date },
): Promise<MdnCheck> {
  const contentType = headerValue(response.headers['content-type']);
  let report = parseEntity(
    Buffer.concat([
      Buffer.from(`Content-Type: ${response.headers['content-type'] ?? ''}\r\n\r\n`),
      response.body,
    ]),
  );
  let signed = false;
  let signatureValid = false;
  let signatureError: string | undefined;
  if (contentType.value === 'multipart/signed') {
    signed = true;
    const [signedPart, signaturePart] = multipartParts(response.body, contentType.params.boundary ?? '');
    if (!signedPart || !signaturePart)
      throw new As2Failure('authentication-failed', 'a signed MDN without two parts');
    try {
      await openssl.verify(signedPart, decodedBody(parseEntity(signaturePart)), expected.gatewayCertPem, {
        ...(expected.at ? { at: expected.at } : {}),
      });
      signatureValid = true;
    } catch (error) {
      signatureError = error instanceof ToolError ? error.stderr : String(error);
    }
    report = parseEntity(signedPart);
  }
  const fields = notificationFields(report);
  const disposition = fields.disposition ?? '';
  const status = (disposition.split(';')[1] ?? '').trim();
  const error = /^processed\/error:\s*(.+)$/i.exec(status)?.[1]?.trim().toLowerCase();
  const mic = fields['received-content-mic'];
  const [micValue, micDigest] = mic ? mic.split(',').map((s) => s.trim()) : [];
  const receivedContentMic = micValue
    ? { value: micValue, digest: (micDigest && digestOf(micDigest)) || (micDigest ?? '') }
    : undefined;
  return {
    signed,
    signatureValid,
    signatureError,
    disposition,
    status,
    error,
    originalMessageId: fields['original-message-id'],
    receivedContentMic,
    micMatches:
      expected.expectedMic !== undefined &&
      receivedContentMic?.value === expected.expectedMic &&
      (expected.micAlg === undefined || receivedContentMic.digest === expected.micAlg),
    fields,
  };
}

/** The fields of the message/disposition-notification part of a multipart/report entity. */
function notificationFields(report: ReturnType<typeof parseEntity>): Record<string, string> {
  const type = headerValue(report.headers.get('content-type'));
  if (type.value !== 'multipart/report')
    throw new Error(`an MDN should be multipart/report, this one is ${type.value || 'untyped'}`);
  for (const part of multipartParts(report.body, type.params.boundary ?? '')) {
    const entity = parseEntity(part);
    if (headerValue(entity.headers.get('content-type')).value !== 'message/disposition-notification')
      continue;
    const fields: Record<string, string> = {};
    for (const [name, value] of parseEntity(Buffer.concat([decodedBody(entity), Buffer.from('\r\n\r\n')]))
      .headers)
      fields[name] = value;
    return fields;
  }
  throw new Error('the MDN has no message/disposition-notification part');
}
