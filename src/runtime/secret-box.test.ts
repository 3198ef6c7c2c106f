import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../core/errors.ts';
import { redactSettings } from '../core/partner.ts';
import { openDeliverySecrets, sealDeliverySecrets, sealedWith } from '../partners/delivery-secrets.ts';
import { createSecretBox, isSealed, parseSecretsKey, sealedKeyId } from './secret-box.ts';

const failure = (open: () => unknown) => {
  try {
    open();
  } catch (error) {
    return toGatewayErrorShape(error);
  }
  throw new Error('expected open to fail');
};

/** Flips one bit of the base64url part `index` (0 key id, 1 iv, 2 ciphertext) of a sealed value. */
function flipBit(sealed: string, part: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[2 + part]!, 'base64url');
  bytes[bytes.length >> 1]! ^= 1;
  parts[2 + part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('opens what it sealed, with a fresh IV every time, and names its key in the value', () => {
    for (const plaintext of ['s3cret-pässwörd', '', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n']) {
      const sealed = box.seal(plaintext);
      expect(sealed).toMatch(/^enc:v1:[\w-]{8}:[\w-]{16}:[\w-]+$/);
      expect(sealed).not.toContain(plaintext || '\0');
      expect(isSealed(sealed)).toBe(true);
      expect(sealedKeyId(sealed)).toBe(box.keyId);
      expect(box.open(sealed)).toBe(plaintext);
    }
    expect(box.seal('same')).not.toBe(box.seal('same'));
    // the same key, however it is written, is the same box
    expect(createSecretBox(parseSecretsKey(key.toString('hex'))!).open(box.seal('x'))).toBe('x');
    expect(createSecretBox(parseSecretsKey(key.toString('base64url'))!).keyId).toBe(box.keyId);
  });

  it('detects any change to the IV, the ciphertext or the tag', () => {
    const sealed = box.seal('password-123');
    for (const part of [1, 2]) {
      const shape = failure(() => box.open(flipBit(sealed, part)));
      expect(shape).toMatchObject({ kind: 'permanent', code: 'secrets.undecryptable' });
      expect(shape.message).toMatch(/altered or damaged|truncated/);
    }
    // the tag is the last 16 bytes of the ciphertext part
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[body.length - 1]! ^= 0x80;
    parts[4] = body.toString('base64url');
    expect(failure(() => box.open(parts.join(':'))).code).toBe('secrets.undecryptable');
    expect(failure(() => box.open(sealed.slice(0, 40))).code).toBe('secrets.undecryptable');
    expect(failure(() => box.open('password-123')).message).toMatch(/not a sealed value/);
  });

  it('refuses a value sealed with another key, naming both key ids and never the key or the value', () => {
    const other = createSecretBox(randomBytes(32));
    const sealed = other.seal('password-123');
    const shape = failure(() => box.open(sealed));
    expect(shape).toMatchObject({ kind: 'permanent', code: 'secrets.undecryptable' });
    expect(shape.message).toBe(`sealed with key ${other.keyId}, this process has key ${box.keyId}`);
    // relabelled as this key's: the key id is authenticated, and the key differs anyway
    const relabelled = sealed.replace(`:${other.keyId}:`, `:${box.keyId}:`);
    expect(failure(() => box.open(relabelled)).message).toMatch(/altered or damaged/);
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    const k = randomBytes(32);
    for (const text of [
      k.toString('hex'),
      k.toString('base64'),
      k.toString('base64url'),
      ` ${k.toString('base64')}\n`,
    ])
      expect(parseSecretsKey(text)).toEqual(k);
    for (const text of [
      '',
      'short',
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('hex'),
      `${k.toString('base64').slice(0, 42)}!=`,
    ])
      expect(parseSecretsKey(text)).toBeUndefined();
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('delivery credentials', () => {
  const box = createSecretBox(randomBytes(32));
  const settings = {
    send855: true,
    delivery: {
      transport: 'smtp',
      config: { host: 'mail.example', auth: { user: 'edi', pass: 'pa55' }, password: 'pw', port: 587 },
    },
  };

  it('seals every credential (objects too) and opens them back, leaving the rest alone', () => {
    const sealed = sealDeliverySecrets(settings, box);
    expect(sealed.send855).toBe(true);
    expect(sealed.delivery.config).toMatchObject({ host: 'mail.example', port: 587 });
    expect(isSealed(sealed.delivery.config.auth)).toBe(true);
    expect(isSealed(sealed.delivery.config.password)).toBe(true);
    expect(JSON.stringify(sealed)).not.toMatch(/pa55|"pw"/);
    expect(sealedWith(sealed, box)).toBe(true);
    expect(sealedWith(settings, box)).toBe(false);
    expect(sealedWith(sealed, createSecretBox(randomBytes(32)))).toBe(false);
    expect(openDeliverySecrets('acme', sealed, box)).toEqual(settings);
    // saved before credentials were sealed: used as they are
    expect(openDeliverySecrets('acme', settings, box)).toEqual(settings);
  });

  it('names the partner and the setting when a credential does not open, never its value', () => {
    const sealed = sealDeliverySecrets(settings, createSecretBox(randomBytes(32)));
    const shape = failure(() => openDeliverySecrets('acme', sealed, box));
    expect(shape).toMatchObject({ kind: 'permanent', code: 'secrets.undecryptable' });
    expect(shape.message).toMatch(
      /^partner "acme": the delivery setting (auth|password) cannot be opened \(sealed with key/,
    );
    expect(shape.message).toMatch(/ORDERGATE_SECRETS_KEY/);
    expect(JSON.stringify(shape)).not.toMatch(/pa55|"pw"/);
    // a value that opens but is not JSON: the parser's message would quote it
    const raw = { delivery: { transport: 'sftp', config: { password: box.seal('not json pw') } } };
    const notJson = failure(() => openDeliverySecrets('acme', raw, box));
    expect(notJson.message).toMatch(/does not hold a JSON value/);
    expect(JSON.stringify(notJson)).not.toMatch(/not json pw/);
  });

  it('seals the userinfo, query and fragment of a delivery URL, shows the rest, and opens it back', () => {
    const url = 'https://alice:u5er-pa55@partner.example:8443/edi/in?token=q-t0ken#f-r4g';
    const withUrl = {
      delivery: { transport: 'http-post', config: { url, secret: 'hmac-secret-0123456789' } },
    };
    const shown = 'https://[redacted]@partner.example:8443/edi/in?[redacted]#[redacted]';
    const sealed = sealDeliverySecrets(withUrl, box);
    expect(JSON.stringify(sealed)).not.toMatch(/alice|u5er-pa55|q-t0ken|f-r4g/);
    expect(redactSettings(sealed).delivery.config).toEqual({ url: shown, secret: '[redacted]' });
    // stored in clear by an older version: shown the same way, used as it is
    expect(redactSettings(withUrl).delivery.config.url).toBe(shown);
    expect(openDeliverySecrets('acme', withUrl, box)).toEqual(withUrl);
    expect(sealedWith(sealed, box)).toBe(true);
    expect(sealedWith(withUrl, box)).toBe(false);
    expect(sealedWith(sealed, createSecretBox(randomBytes(32)))).toBe(false);
    expect(openDeliverySecrets('acme', sealed, box)).toEqual(withUrl);

    // a URL without credentials is neither sealed nor rewritten
    const plain = { delivery: { transport: 'http-post', config: { url: 'https://partner.example' } } };
    expect(sealDeliverySecrets(plain, box)).toEqual(plain);
    expect(redactSettings(plain)).toEqual(plain);
    expect(sealedWith(plain, box)).toBe(true);
  });
});
