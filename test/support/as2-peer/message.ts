/**
 * AS2 message bodies as common AS2 products build them (RFC 4130 with RFC 5751 S/MIME and RFC 5402
 * compression), wrapped and unwrapped by the reference peer with openssl: multipart/signed with an
 * `application/pkcs7-signature; name=smime.p7s` part, `application/pkcs7-mime; smime-type=enveloped-data;
 * name=smime.p7m` (authEnveloped-data for GCM, RFC 5083) and `smime-type=compressed-data; name=smime.p7z`, all
 * binary (HTTP carries 8-bit bodies, so no base64 but the signature's).
 */
import { randomUUID } from 'node:crypto';
import {
  base64Lines,
  decodedBody,
  entityBytes,
  headerValue,
  multipartBody,
  multipartParts,
  parseEntity,
} from './mime.ts';
import {
  type CipherName,
  type DigestName,
  digestOf,
  type Identity,
  micAlgOf,
  type OpenSsl,
  ToolError,
} from './openssl.ts';

/** The payload entity: the business document with its MIME headers, the innermost thing signed. */
export function payloadEntity(payload: Uint8Array, contentType: string, filename: string): Buffer {
  return entityBytes(
    [
      ['Content-Type', contentType],
      ['Content-Transfer-Encoding', 'binary'],
      ['Content-Disposition', `attachment; filename=${filename}`],
    ],
    payload,
  );
}

/** `entity` as the first part of a multipart/signed entity, the second its detached signature (base64). */
export async function signedEntity(
  openssl: OpenSsl,
  entity: Buffer,
  signer: Identity,
  digest: DigestName,
): Promise<Buffer> {
  const signature = await openssl.sign(entity, signer, digest);
  const boundary = `----=_Part_${randomUUID()}`;
  const signaturePart = entityBytes(
    [
      ['Content-Type', 'application/pkcs7-signature; name=smime.p7s'],
      ['Content-Transfer-Encoding', 'base64'],
      ['Content-Disposition', 'attachment; filename=smime.p7s'],
    ],
    Buffer.from(base64Lines(signature)),
  );
  return entityBytes(
    [
      [
        'Content-Type',
        `multipart/signed; protocol="application/pkcs7-signature"; micalg=${micAlgOf(digest)}; boundary="${boundary}"`,
      ],
    ],
    multipartBody(boundary, [entity, signaturePart]),
  );
}

/** `entity` encrypted for the recipient's certificate, as an application/pkcs7-mime entity. */
export async function encryptedEntity(
  openssl: OpenSsl,
  entity: Buffer,
  recipientCertPem: string,
  cipher: CipherName,
): Promise<Buffer> {
  const der = await openssl.encrypt(entity, recipientCertPem, cipher);
  const smimeType = cipher.endsWith('-gcm') ? 'authEnveloped-data' : 'enveloped-data';
  return entityBytes(
    [
      ['Content-Type', `application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m`],
      ['Content-Transfer-Encoding', 'binary'],
      ['Content-Disposition', 'attachment; filename=smime.p7m'],
    ],
    der,
  );
}

/** `entity` compressed (RFC 3274 zlib), as an application/pkcs7-mime entity (RFC 5402). */
export async function compressedEntity(openssl: OpenSsl, entity: Buffer): Promise<Buffer> {
  return entityBytes(
    [
      ['Content-Type', 'application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z'],
      ['Content-Transfer-Encoding', 'binary'],
      ['Content-Disposition', 'attachment; filename=smime.p7z'],
    ],
    await openssl.compress(entity),
  );
}

/** The outermost entity as HTTP sends it: its MIME headers become HTTP headers, its body the request body. */
export function forHttp(entity: Buffer): { headers: Record<string, string>; body: Buffer } {
  const { headers, body } = parseEntity(entity);
  const named: Record<string, string> = {};
  const proper: Record<string, string> = {
    'content-type': 'Content-Type',
    'content-transfer-encoding': 'Content-Transfer-Encoding',
    'content-disposition': 'Content-Disposition',
  };
  for (const [name, value] of headers) named[proper[name] ?? name] = value;
  return { headers: named, body };
}

/** The RFC 4130/3335 failure dispositions (the text after `processed/error: `). */
export type As2Error =
  | 'decryption-failed'
  | 'authentication-failed'
  | 'integrity-check-failed'
  | 'unexpected-processing-error';

/** An AS2 message the peer could not unwrap, with the disposition an MDN reports for it. */
export class As2Failure extends Error {
  constructor(
    readonly error: As2Error,
    detail: string,
  ) {
    super(`${error}: ${detail}`);
  }
}

/** What unwrapping an AS2 message found, layer by layer. */
export interface Unwrapped {
  /** The business document, its transfer encoding undone. */
  payload: Buffer;
  contentType: string;
  filename: string | undefined;
  encrypted: boolean;
  /** The content encryption algorithm openssl read (`aes256`, `aes128-gcm`, `des3`, …). */
  cipher: string | undefined;
  signed: boolean;
  /** The signature's `micalg` parameter. */
  signatureMicAlg: string | undefined;
  compressed: 'before-sign' | 'after-sign' | 'unsigned' | undefined;
  /**
   * The bytes the MIC covers (RFC 4130 §7.3.1): the signed entity when signed; else the decrypted entity when
   * encrypted; else the body alone.
   */
  micContent: Buffer;
}

/** What the peer unwraps with: its own key (to decrypt) and the sender's certificate (to verify). */
export interface UnwrapKeys {
  recipient: Identity;
  senderCertPem: string;
}

/** The HTTP headers that are the outermost entity's MIME headers. */
const ENTITY_HEADERS = ['content-type', 'content-disposition', 'content-transfer-encoding'];

/**
 * Unwraps an AS2 request (its headers, names lower-cased, and body): decrypt, verify, decompress in whatever
 * order they were applied. Throws As2Failure with the disposition error when a layer does not hold.
 */
export async function unwrap(
  openssl: OpenSsl,
  httpHeaders: Record<string, string>,
  body: Buffer,
  keys: UnwrapKeys,
): Promise<Unwrapped> {
  const found: Omit<Unwrapped, 'payload' | 'contentType' | 'filename'> = {
    encrypted: false,
    cipher: undefined,
    signed: false,
    signatureMicAlg: undefined,
    compressed: undefined,
    micContent: body,
  };
  const outer = ENTITY_HEADERS.filter((name) => httpHeaders[name] !== undefined).map(
    (name) => [name, httpHeaders[name]!] as const,
  );
  let entity = parseEntity(entityBytes(outer, body));
  for (;;) {
    const type = headerValue(entity.headers.get('content-type'));
    const smimeType = (type.params['smime-type'] ?? '').toLowerCase();
    if (type.value === 'application/pkcs7-mime' && smimeType.endsWith('enveloped-data')) {
      if (found.encrypted || found.signed)
        throw new As2Failure('unexpected-processing-error', 'nested encryption');
      const der = decodedBody(entity);
      let plain: Buffer;
      try {
        plain = await openssl.decrypt(der, keys.recipient);
      } catch (error) {
        throw new As2Failure('decryption-failed', error instanceof ToolError ? error.stderr : String(error));
      }
      found.encrypted = true;
      found.cipher = await openssl.cipherOf(der);
      if (!found.signed) found.micContent = plain;
      entity = parseEntity(plain);
    } else if (type.value === 'application/pkcs7-mime' && smimeType === 'compressed-data') {
      if (found.compressed) throw new As2Failure('unexpected-processing-error', 'compressed twice');
      let plain: Buffer;
      try {
        plain = await openssl.decompress(decodedBody(entity));
      } catch (error) {
        throw new As2Failure('unexpected-processing-error', `decompression: ${String(error)}`);
      }
      found.compressed = found.signed ? 'before-sign' : 'unsigned';
      entity = parseEntity(plain);
    } else if (type.value === 'multipart/signed') {
      if (found.signed) throw new As2Failure('unexpected-processing-error', 'signed twice');
      const [signedPart, signaturePart] = multipartParts(entity.body, type.params.boundary ?? '');
      if (!signedPart || !signaturePart) throw new As2Failure('authentication-failed', 'no signature part');
      try {
        await openssl.verify(signedPart, decodedBody(parseEntity(signaturePart)), keys.senderCertPem);
      } catch (error) {
        const stderr = error instanceof ToolError ? error.stderr : String(error);
        throw new As2Failure(
          /digest failure|content verify error/i.test(stderr)
            ? 'integrity-check-failed'
            : 'authentication-failed',
          stderr,
        );
      }
      found.signed = true;
      found.signatureMicAlg = type.params.micalg;
      if (found.compressed === 'unsigned') found.compressed = 'after-sign';
      found.micContent = signedPart;
      entity = parseEntity(signedPart);
    } else {
      const disposition = headerValue(entity.headers.get('content-disposition'));
      return {
        ...found,
        payload: decodedBody(entity),
        contentType: type.value,
        filename: disposition.params.filename,
      };
    }
  }
}

/** The digest the MIC is computed with: the first requested one the peer knows, else the signature's, else SHA-256. */
export function chooseMicDigest(
  requested: readonly string[],
  signatureMicAlg: string | undefined,
): DigestName {
  for (const alg of requested) {
    const digest = digestOf(alg);
    if (digest) return digest;
  }
  return (signatureMicAlg && digestOf(signatureMicAlg)) || 'sha256';
}
