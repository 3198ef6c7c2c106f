import { createHash } from 'node:crypto';
import type { As2SignAlg } from './algorithms.ts';

/** A Message Integrity Check (RFC 4130 §7.3.1): the digest, base64, and the algorithm that made it. */
export interface Mic {
  digest: string;
  alg: As2SignAlg;
}

/** The MIC of bytes given in pieces (hashed in turn, never joined: a 1 MB message is not copied for it). */
export function micOf(alg: As2SignAlg, ...pieces: Uint8Array[]): Mic {
  const hash = createHash(alg);
  for (const piece of pieces) hash.update(piece);
  return { digest: hash.digest('base64'), alg };
}
