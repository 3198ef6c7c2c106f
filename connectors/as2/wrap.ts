/**
 * The send side of AS2 (RFC 4130): the payload as a MIME entity, optionally compressed (before signing, RFC 5402
 * §3), signed (multipart/signed with a detached CMS signature, RFC 5751 §3.5) and encrypted, with the MIC the
 * partner's MDN must return.
 */
import { type As2EncryptAlg, type As2SignAlg, micAlgName } from './algorithms.ts';
import { compressCms } from './cms-compress.ts';
import { encryptCms } from './cms-envelope.ts';
import { signData } from './cms-signature.ts';
import type { As2KeyPair } from './keys.ts';
import { type Mic, micOf } from './mic.ts';
import { base64Lines, buildEntity, buildMultipartBody, newBoundary, parameterValue } from './mime.ts';

/** What to send: the HTTP Content-Type (with its parameters) and body, and the MIC to expect in the MDN. */
export interface Wrapped {
  contentType: string;
  body: Uint8Array;
  mic: Mic;
}

const COMPRESSED_TYPE = 'application/pkcs7-mime; smime-type=compressed-data; name="smime.p7z"';

/**
 * Wraps a payload for an AS2 partner. Entities are binary (Content-Transfer-Encoding: binary, the AS2 norm over
 * HTTP) except the signature, which is base64. The MIC follows RFC 4130 §7.3.1 as the receiver computes it:
 * over the entity that was signed, else over the entity that was encrypted, else over the Content-Type header
 * and body sent.
 */
export function wrapAs2(
  payload: { bytes: Uint8Array; contentType: string; filename?: string },
  options: {
    sign?: { key: As2KeyPair; alg: As2SignAlg };
    encrypt?: { certificatePem: string; alg: As2EncryptAlg };
    compress?: boolean;
    micAlg: As2SignAlg;
  },
): Wrapped {
  const headers: [string, string][] = [['Content-Type', payload.contentType]];
  headers.push(['Content-Transfer-Encoding', 'binary']);
  if (payload.filename !== undefined)
    headers.push(['Content-Disposition', `attachment; filename=${parameterValue(payload.filename)}`]);
  let contentType = payload.contentType;
  let body: Buffer = Buffer.from(payload.bytes);
  let entity = buildEntity(headers, body);

  if (options.compress) {
    body = compressCms(entity);
    contentType = COMPRESSED_TYPE;
    entity = buildEntity(
      [
        ['Content-Type', contentType],
        ['Content-Transfer-Encoding', 'binary'],
        ['Content-Disposition', 'attachment; filename="smime.p7z"'],
      ],
      body,
    );
  }

  let mic = micOf(options.micAlg, Buffer.from(`Content-Type: ${contentType}\r\n\r\n`, 'latin1'), body);
  if (options.sign !== undefined) {
    mic = micOf(options.micAlg, entity);
    const signature = signData(entity, options.sign.key, options.sign.alg);
    const signaturePart = buildEntity(
      [
        ['Content-Type', 'application/pkcs7-signature; name="smime.p7s"'],
        ['Content-Transfer-Encoding', 'base64'],
        ['Content-Disposition', 'attachment; filename="smime.p7s"'],
      ],
      Buffer.from(base64Lines(signature), 'latin1'),
    );
    const boundary = newBoundary();
    contentType = `multipart/signed; protocol="application/pkcs7-signature"; micalg=${micAlgName(options.sign.alg)}; boundary="${boundary}"`;
    body = buildMultipartBody(boundary, [entity, signaturePart]);
    entity = buildEntity([['Content-Type', contentType]], body);
  } else if (options.encrypt !== undefined) mic = micOf(options.micAlg, entity);

  if (options.encrypt !== undefined) {
    body = encryptCms(entity, options.encrypt.certificatePem, options.encrypt.alg);
    const smimeType = options.encrypt.alg.endsWith('gcm') ? 'authEnveloped-data' : 'enveloped-data';
    contentType = `application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"`;
  }
  return { contentType, body, mic };
}
