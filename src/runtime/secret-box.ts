import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { permanent } from '../core/errors.ts';

/**
 * Seals short secrets (delivery credentials) for storage and opens them again. A sealed value is
 * `enc:v1:<keyId>:<iv>:<ciphertext+tag>` (AES-256-GCM, 96-bit random IV, base64url), so a stored row says which
 * key sealed it and a value without the prefix is recognisably still in clear.
 */
export interface SecretBox {
  /** A short fingerprint of the key (not the key): what sealed values name, so a wrong key is reported as such. */
  readonly keyId: string;
  seal(plaintext: string): string;
  /** Throws a permanent `secrets.undecryptable` GatewayError for another key's value, or an altered one. */
  open(sealed: string): string;
}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Whether a stored value is sealed (by any key), as opposed to still in clear. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The key id a sealed value names, without opening it. */
export function sealedKeyId(sealed: string): string | undefined {
  return isSealed(sealed) ? sealed.slice(PREFIX.length).split(':')[0] : undefined;
}

/** 32 bytes from 64 hex digits or base64 (standard or url-safe, padding optional), else undefined. */
export function parseSecretsKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  // Buffer.from(…, 'base64') skips characters it does not know, so the shape is checked first
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return undefined;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error(`a secrets key is 32 bytes, not ${key.length}`);
  const secret = Buffer.from(key);
  // a fingerprint, not a check value: 48 bits of a hash of 256 random bits reveal nothing usable about the key
  const id = createHash('sha256')
    .update('ordergate secrets key id\0')
    .update(secret)
    .digest('base64url')
    .slice(0, 8);
  const undecryptable = (message: string) => permanent('secrets.undecryptable', message);
  return {
    keyId: id,
    seal(plaintext) {
      const header = `${PREFIX}${id}`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
      // the header is authenticated too, so a value cannot be relabelled as another key's or version's
      cipher.setAAD(Buffer.from(header));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${header}:${iv.toString('base64url')}:${body.toString('base64url')}`;
    },
    open(sealed) {
      const parts = isSealed(sealed) ? sealed.slice(PREFIX.length).split(':') : [];
      const [valueKeyId, ivText, bodyText] = parts;
      if (parts.length !== 3 || !valueKeyId || ivText === undefined || bodyText === undefined)
        throw undecryptable('not a sealed value (expected enc:v1:<keyId>:<iv>:<ciphertext>)');
      if (valueKeyId !== id) throw undecryptable(`sealed with key ${valueKeyId}, this process has key ${id}`);
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
        throw undecryptable(`a value sealed with key ${id} is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${PREFIX}${id}`));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw undecryptable(`a value sealed with key ${id} does not open with it: it was altered or damaged`);
      }
    },
  };
}
