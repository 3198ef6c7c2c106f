/**
 * The reference peer's AS2 client: builds a request the way common AS2 products do (payload entity, optionally
 * compressed before or after signing, signed, encrypted; RFC 4130 headers) with openssl, and posts it with curl.
 * It returns the response and the MIC the peer expects back, computed by its own `openssl dgst`.
 */
import { randomUUID } from 'node:crypto';
import { type CurlResponse, curlPost } from './curl.ts';
import { as2Name } from './mdn.ts';
import {
  chooseMicDigest,
  compressedEntity,
  encryptedEntity,
  forHttp,
  payloadEntity,
  signedEntity,
} from './message.ts';
import { type CipherName, type DigestName, type Identity, type MicAlg, micAlgOf } from './openssl.ts';
import type { As2Peer } from './peer.ts';

export interface PostAs2Options {
  url: string;
  as2From: string;
  as2To: string;
  /** Without angle brackets or with; a fresh `<uuid@reference-peer>` when left out. */
  messageId?: string;
  payload: Uint8Array | string;
  filename: string;
  /** The payload's type, e.g. `application/edi-x12`. */
  contentType: string;
  /** Signs with this digest. */
  sign?: DigestName;
  /** Signs with this key instead of the peer's own (an unknown key, an expired certificate). */
  signer?: Identity;
  /** Encrypts with this cipher for `recipientCertPem`. */
  encrypt?: CipherName;
  recipientCertPem?: string;
  compress?: 'before-sign' | 'after-sign';
  mdn: 'sync' | 'async' | 'none';
  /** Asks for a signed receipt (Disposition-Notification-Options). */
  mdnSigned?: boolean;
  /** signed-receipt-micalg, most preferred first; the MIC is expected with the first. */
  micAlgs?: readonly MicAlg[];
  /** Where an asynchronous MDN goes (Receipt-Delivery-Option). */
  asyncUrl?: string;
  /** Changes the body after it is built (a tampered message). */
  tamper?: (body: Buffer) => Buffer;
  /** Changes the multipart/signed entity after signing, before encryption (content altered on the way). */
  tamperSigned?: (entity: Buffer) => Buffer;
}

export interface PostAs2Result extends CurlResponse {
  /** The Message-ID sent, with angle brackets. */
  messageId: string;
  /** The MIC the peer expects in the MDN: `openssl dgst` over the exact signed bytes (RFC 4130 §7.3.1), base64. */
  expectedMic: string;
  micAlg: DigestName;
  /** The request as sent. */
  request: { headers: Record<string, string>; body: Buffer };
}

/** Builds an AS2 message from `options` and POSTs it with curl. */
export async function postAs2(peer: As2Peer, options: PostAs2Options): Promise<PostAs2Result> {
  const { openssl } = peer;
  const built = await buildAs2Request(peer, options);
  const response = await curlPost(openssl, options.url, built.request.headers, built.request.body);
  return { ...response, ...built };
}

/** The request `postAs2` sends, with the MIC it expects back, without sending it (a benchmark posts it many times). */
export async function buildAs2Request(
  peer: As2Peer,
  options: PostAs2Options,
): Promise<Omit<PostAs2Result, keyof CurlResponse>> {
  const { openssl } = peer;
  const payload =
    typeof options.payload === 'string' ? Buffer.from(options.payload) : Buffer.from(options.payload);
  const micDigest = chooseMicDigest(options.micAlgs ?? [], options.sign && micAlgOf(options.sign));
  let entity = payloadEntity(payload, options.contentType, options.filename);
  if (options.compress === 'before-sign') entity = await compressedEntity(openssl, entity);
  let micContent: Buffer | undefined;
  if (options.sign) {
    micContent = entity;
    entity = await signedEntity(openssl, entity, options.signer ?? peer.identity, options.sign);
    if (options.tamperSigned) entity = options.tamperSigned(entity);
  }
  if (options.compress === 'after-sign') entity = await compressedEntity(openssl, entity);
  if (options.encrypt) {
    if (!options.recipientCertPem) throw new Error('encrypting needs recipientCertPem');
    micContent ??= entity;
    entity = await encryptedEntity(openssl, entity, options.recipientCertPem, options.encrypt);
  }
  const http = forHttp(entity);
  // unsigned and unencrypted: the MIC covers the content without its MIME headers (RFC 4130 §7.3.1)
  micContent ??= http.body;
  const id = options.messageId ?? `${randomUUID()}@reference-peer`;
  const messageId = id.startsWith('<') ? id : `<${id}>`;
  const headers: Record<string, string> = {
    'AS2-Version': '1.2',
    'AS2-From': as2Name(options.as2From),
    'AS2-To': as2Name(options.as2To),
    'Message-ID': messageId,
    'MIME-Version': '1.0',
    Subject: `AS2 message ${options.filename}`,
    Date: new Date().toUTCString(),
    'User-Agent': 'ordergate AS2 reference peer (openssl, curl)',
    ...http.headers,
  };
  if (options.mdn !== 'none') {
    headers['Disposition-Notification-To'] = options.asyncUrl ?? 'mdn@reference-peer.example';
    if (options.mdnSigned) {
      const micAlgs = options.micAlgs?.length ? options.micAlgs : [micAlgOf(micDigest)];
      headers['Disposition-Notification-Options'] =
        `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${micAlgs.join(', ')}`;
    }
  }
  if (options.mdn === 'async') {
    if (!options.asyncUrl) throw new Error('an asynchronous MDN needs asyncUrl');
    headers['Receipt-Delivery-Option'] = options.asyncUrl;
  }
  const body = options.tamper ? options.tamper(http.body) : http.body;
  return {
    messageId,
    expectedMic: await openssl.digest(micContent, micDigest),
    micAlg: micDigest,
    request: { headers, body },
  };
}
