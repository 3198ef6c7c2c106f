/**
 * The receive side of AS2 (RFC 4130): undoes encryption, signature and compression in whatever order the sender
 * nested them, checks each, and computes the MIC the MDN returns.
 */
import { id_envelopedData, id_signedData } from '@peculiar/asn1-cms';
import type { As2EncryptAlg, As2SignAlg } from './algorithms.ts';
import { As2Error } from './as2-error.ts';
import { decompressCms } from './cms-compress.ts';
import { decryptCms } from './cms-envelope.ts';
import { verifySignedData } from './cms-signature.ts';
import { ID_AUTH_ENVELOPED_DATA, ID_COMPRESSED_DATA, peekContentType } from './cms-structures.ts';
import type { As2KeyPair } from './keys.ts';
import { type Mic, micOf } from './mic.ts';
import {
  canonicalLineBreaks,
  cmsBody,
  contentTypeOf,
  decodedBody,
  hasBareLf,
  header,
  type MimeEntity,
  multipartParts,
  parseEntity,
  parseHeaderValue,
} from './mime.ts';

/** What a received AS2 message held, and how it was protected. */
export interface Unwrapped {
  /** The innermost content's body, Content-Transfer-Encoding undone. */
  payload: Uint8Array;
  /** Its media type, lower-cased, without parameters: `application/edi-x12`. */
  payloadContentType: string;
  /** Content-Disposition filename of the innermost entity, if any. */
  filename?: string;
  encrypted: boolean;
  signed: boolean;
  compressed: boolean;
  encryption?: As2EncryptAlg;
  signature?: As2SignAlg;
  /** Fingerprint (SHA-256 hex of DER) of the partner certificate that verified the signature. */
  signerFingerprint?: string;
  /** Fingerprint of the certificate of our key pair that decrypted the message. */
  decryptedWith?: string;
  /** RFC 4130 §7.3.1, see {@link unwrapAs2}. */
  mic: Mic;
}

const PKCS7_MIME = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);
/** Layers of encryption, signature and compression one message may nest (a real one has at most three). */
const MAX_LAYERS = 8;

/**
 * Unwraps an AS2 request: `contentType` and `body` as the HTTP request carried them (and its
 * Content-Transfer-Encoding header, which a few peers send). Layers are undone from the outside in:
 * application/pkcs7-mime (enveloped-data, authEnveloped-data, compressed-data, signed-data) and multipart/signed;
 * what is left is the payload.
 *
 * The MIC (RFC 4130 §7.3.1), with `keys.micAlg`:
 * - signed: over the outermost signature's content, the multipart/signed first part exactly as received, headers
 *   and body (in CRLF canonical form when the peer sent bare LFs and signed the canonical form, as
 *   `openssl cms -sign` without `-binary` does); whether compression is inside or outside the signature, this is
 *   what was signed;
 * - encrypted, not signed: over the decrypted MIME entity, headers and content;
 * - neither: over the entity as received, its Content-Type header (`Content-Type: <value>` CRLF CRLF) and body.
 *
 * Throws As2Error: `decryption-failed`, `authentication-failed` (also for a signed message when `verifyWith` is
 * empty), `integrity-check-failed`, `decompression-failed`, `unexpected-processing-error` (MIME that cannot be
 * read). Certificate dates are not looked at: the key store offers only the certificates valid now.
 */
export function unwrapAs2(
  message: { contentType: string; body: Uint8Array; contentTransferEncoding?: string },
  keys: { decryptWith: As2KeyPair[]; verifyWith: string[]; micAlg: As2SignAlg },
): Unwrapped {
  const body = Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
  let entity: MimeEntity = { headers: [['content-type', message.contentType]], body, raw: body };
  let encoding = message.contentTransferEncoding;
  let mic: Mic | undefined;
  const found: Omit<Unwrapped, 'payload' | 'payloadContentType' | 'mic'> = {
    encrypted: false,
    signed: false,
    compressed: false,
  };
  const unreadable = (what: string, error: unknown) =>
    new As2Error('unexpected-processing-error', `${what}: ${(error as Error).message}`);
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const type = contentTypeOf(entity);
    if (PKCS7_MIME.has(type.value)) {
      const der = cmsBody(entity, encoding);
      const cmsType = peekContentType(der);
      let inner: Buffer;
      if (cmsType === id_envelopedData || cmsType === ID_AUTH_ENVELOPED_DATA) {
        const decrypted = decryptCms(der, keys.decryptWith);
        inner = decrypted.content;
        if (!found.encrypted) {
          found.encrypted = true;
          found.encryption = decrypted.alg;
          found.decryptedWith = decrypted.decryptedWith;
        }
        if (!found.signed) mic ??= micOf(keys.micAlg, inner);
      } else if (cmsType === ID_COMPRESSED_DATA) {
        inner = decompressCms(der);
        found.compressed = true;
      } else if (cmsType === id_signedData) {
        const verified = verifySignedData(der, undefined, keys.verifyWith);
        inner = verified.content;
        if (!found.signed) {
          found.signed = true;
          found.signature = verified.alg;
          found.signerFingerprint = verified.signerFingerprint;
          mic = micOf(keys.micAlg, inner);
        }
      } else
        throw new As2Error(
          'unexpected-processing-error',
          `the ${type.value} entity is not CMS data this gateway reads`,
        );
      entity = parseEntity(inner);
      encoding = undefined;
      continue;
    }
    if (type.value === 'multipart/signed') {
      let parts: Buffer[];
      try {
        parts = multipartParts(decodedBody(entity, encoding), type.params.boundary ?? '');
      } catch (error) {
        throw unreadable('the multipart/signed body cannot be read', error);
      }
      const [signedPart, signaturePart] = parts;
      if (parts.length !== 2 || signedPart === undefined || signaturePart === undefined)
        throw new As2Error(
          'unexpected-processing-error',
          `the multipart/signed body has ${parts.length} parts, not 2`,
        );
      const signatureEntity = parseEntity(signaturePart);
      const signature = cmsBody(signatureEntity, header(signatureEntity, 'content-transfer-encoding'));
      let content = signedPart;
      let verified: ReturnType<typeof verifySignedData>;
      try {
        verified = verifySignedData(signature, content, keys.verifyWith);
      } catch (error) {
        // OpenSSL signs text in canonical CRLF form; a peer may send it with bare LFs nonetheless
        if (!(error instanceof As2Error && error.failure === 'integrity-check-failed' && hasBareLf(content)))
          throw error;
        content = canonicalLineBreaks(content);
        verified = verifySignedData(signature, content, keys.verifyWith);
      }
      if (!found.signed) {
        found.signed = true;
        found.signature = verified.alg;
        found.signerFingerprint = verified.signerFingerprint;
        mic = micOf(keys.micAlg, content);
      }
      entity = parseEntity(content);
      encoding = undefined;
      continue;
    }
    const disposition = parseHeaderValue(header(entity, 'content-disposition'));
    const filename = disposition.params.filename ?? type.params.name;
    return {
      payload: decodedBody(entity, encoding ?? header(entity, 'content-transfer-encoding')),
      payloadContentType: type.value,
      ...(filename === undefined ? {} : { filename }),
      ...found,
      mic:
        mic ??
        micOf(keys.micAlg, Buffer.from(`Content-Type: ${message.contentType}\r\n\r\n`, 'latin1'), body),
    };
  }
  throw new As2Error('unexpected-processing-error', `the message nests more than ${MAX_LAYERS} layers`);
}
