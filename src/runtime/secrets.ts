import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex of a secret. Our keys and tokens carry 256 random bits, so a fast hash is enough to store them. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random secret with a readable prefix (`og_key_…`, `og_admin_…`) so a leaked one is recognisable. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
