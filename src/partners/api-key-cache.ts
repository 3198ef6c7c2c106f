import type { Database } from '../db/client.ts';

/**
 * How long a partner API key found valid is believed without asking the database again. A key revoked by this
 * process is forgotten at once (`forgetApiKey`); one revoked by another `serve` process on the same database is
 * still accepted here for at most this long. Short, because a revocation is usually urgent; long enough that a
 * busy X12 door (thousands of POSTs a second on a few keys) asks the database about a key once in a while
 * instead of on every request.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;

/** Keys remembered per database at most; the oldest entry goes first (a flood of valid keys cannot grow it). */
const MAX_ENTRIES = 10_000;

interface KeyCache {
  /** By the key's hash (the key itself is not kept): its partner and until when that is believed. */
  entries: Map<string, { partnerId: string; until: number }>;
  /** Bumped by every revocation, so a lookup that began before one does not remember what it read. */
  generation: number;
}

/** One cache per database handle: tests (and a process) may open several databases, each with its own keys. */
const caches = new WeakMap<Database, KeyCache>();

function cacheOf(db: Database): KeyCache {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = { entries: new Map(), generation: 0 };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * The partner a valid key (by hash) belongs to: remembered, or `look` asked and a found partner remembered for
 * `API_KEY_CACHE_TTL_MS`. Unknown and revoked keys are not remembered (they are asked each time, and refusals
 * are rate-limited per address), so a key issued by another process works at once.
 */
export async function cachedPartnerForKey(
  db: Database,
  hash: string,
  look: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const cache = cacheOf(db);
  const now = Date.now();
  const entry = cache.entries.get(hash);
  if (entry !== undefined) {
    if (entry.until > now) return entry.partnerId;
    cache.entries.delete(hash);
  }
  const generation = cache.generation;
  const partnerId = await look();
  // a revocation committed while we asked may not be in what we read: believe it for this request only
  if (partnerId !== undefined && generation === cache.generation) {
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
    cache.entries.set(hash, { partnerId, until: now + API_KEY_CACHE_TTL_MS });
  }
  return partnerId;
}

/** Forgets a key (by hash) once its revocation is committed: from the next request on, this process refuses it. */
export function forgetApiKey(db: Database, hash: string): void {
  const cache = cacheOf(db);
  cache.entries.delete(hash);
  cache.generation++;
}
