import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  keepStoredSecrets,
  openConnectorSecrets,
  redactConnectorSecrets,
  SEALED,
  sealConnectorSecrets,
} from './connector-secrets.ts';
import { createSecretBox, isSealed } from './secret-box.ts';

describe('connector credentials', () => {
  const box = createSecretBox(randomBytes(32));
  const keys = ['password', 'oauth'];
  const sent = { host: 'imap.example', password: 's3cret', oauth: { clientId: 'a', secret: 'b' } };

  it('are sealed for storage, opened for use, and never shown back', () => {
    const stored = sealConnectorSecrets(sent, keys, box);
    expect(stored.host).toBe('imap.example');
    expect(isSealed(stored.password) && isSealed(stored.oauth)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    expect(openConnectorSecrets(stored, keys, box)).toEqual(sent);
    expect(redactConnectorSecrets(stored, keys)).toEqual({
      host: 'imap.example',
      password: SEALED,
      oauth: SEALED,
    });
  });

  it('keep the stored credential where the placeholder is sent back, and name a placeholder with none', () => {
    const stored = sealConnectorSecrets(sent, keys, box);
    const edited = { host: 'imap2.example', password: SEALED, oauth: SEALED };
    const kept = keepStoredSecrets(edited, stored, keys);
    expect(kept.missing).toEqual([]);
    expect(openConnectorSecrets(kept.config, keys, box)).toEqual({ ...sent, host: 'imap2.example' });
    expect(keepStoredSecrets(edited, undefined, keys).missing).toEqual(['password', 'oauth']);
  });
});
