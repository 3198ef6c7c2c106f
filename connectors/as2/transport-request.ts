import { createHash } from 'node:crypto';
import type { DeliveryPayload, TransportCredentials } from '../../src/core/connector.ts';
import { permanent } from '../../src/core/errors.ts';
import { type As2SignAlg, micAlgName } from './algorithms.ts';
import type { As2Config } from './config.ts';
import { wrapAs2 } from './wrap.ts';

/** An AS2 request ready to post: its headers, its body, and the MIC its MDN must return. */
export interface As2Request {
  messageId: string;
  headers: Record<string, string>;
  body: Uint8Array;
  mic: { digest: string; alg: As2SignAlg };
}

/**
 * The Message-ID of what we send for a stored message: the same on every resend of it (RFC 4130 §9.4: a resend
 * keeps its Message-ID, so the receiver answers it with its first MDN and processes it once).
 */
export function as2MessageIdFor(seed: string, as2From: string): string {
  const local = /^[A-Za-z0-9._-]{1,64}$/.test(seed) ? seed : createHash('sha256').update(seed).digest('hex');
  const domain = as2From.replace(/[^A-Za-z0-9.-]/g, '').toLowerCase() || 'ordergate';
  return `<ordergate-${local}@${domain}.as2>`;
}

/** An AS2 name as a header holds it: quoted when it has a space (RFC 4130 §6.2). */
export function quoteAs2Name(name: string): string {
  return / /.test(name) ? `"${name}"` : name;
}

/** An AS2-From/AS2-To header's name, quotes removed. */
export function unquoteAs2Name(header: string): string {
  const value = header.trim();
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The MIC algorithm asked for: the signature's digest, sha-256 when not signing. */
export function micAlgFor(config: Pick<As2Config, 'sign'>): As2SignAlg {
  return config.sign === 'none' ? 'sha256' : config.sign;
}

/**
 * The request that sends `payload` as `config` says: signed with our signing key pair, encrypted to the
 * partner's encryption certificate, compressed first if asked; permanent when a certificate it needs is missing.
 */
export function buildAs2Request(
  payload: DeliveryPayload,
  config: As2Config,
  credentials: TransportCredentials,
  now = new Date(),
): As2Request {
  const signing = credentials.own.signing;
  if (config.sign !== 'none' && signing === undefined)
    throw permanent('as2.no_key_pair', 'we have no key pair in force to sign with: generate or import one');
  const encryption = credentials.partner.encryption;
  if (config.encrypt !== 'none' && encryption === undefined)
    throw permanent(
      'as2.no_partner_certificate',
      `${payload.partnerId} has no encryption certificate in force: add one on its AS2 page`,
    );
  const micAlg = micAlgFor(config);
  const wrapped = wrapAs2(
    { bytes: payload.bytes, contentType: payload.contentType, filename: payload.filename },
    {
      ...(signing && config.sign !== 'none' ? { sign: { key: signing, alg: config.sign } } : {}),
      ...(encryption && config.encrypt !== 'none'
        ? { encrypt: { certificatePem: encryption.certificatePem, alg: config.encrypt } }
        : {}),
      compress: config.compress,
      micAlg,
    },
  );
  const messageId = as2MessageIdFor(payload.idempotencyKey, config.as2From);
  const headers: Record<string, string> = {
    'AS2-Version': '1.2',
    'AS2-From': quoteAs2Name(config.as2From),
    'AS2-To': quoteAs2Name(config.as2To),
    'Message-ID': messageId,
    Date: now.toUTCString(),
    Subject: `${payload.documentType} ${payload.filename}`.replace(/[\r\n]+/g, ' '),
    'MIME-Version': '1.0',
    'Content-Type': wrapped.contentType,
    'User-Agent': 'ordergate',
  };
  if (config.mdn !== 'none') {
    headers['Disposition-Notification-To'] = config.mdnUrl ?? config.as2From;
    if (config.mdnSigned)
      headers['Disposition-Notification-Options'] =
        `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${micAlgName(micAlg)}`;
    if (config.mdn === 'async' && config.mdnUrl) headers['Receipt-Delivery-Option'] = config.mdnUrl;
  }
  return { messageId, headers, body: wrapped.body, mic: wrapped.mic };
}
