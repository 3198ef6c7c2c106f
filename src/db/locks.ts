import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/**
 * Every advisory lock the gateway takes, by name: what it serialises. A lock over one thing (a partner, an
 * identifier, an interchange) is keyed by its name and a scope, hashed by PostgreSQL (`hashtextextended`), so
 * scopes of different names never share a key. Fixed keys keep the numbers earlier versions took where it
 * matters during a rolling upgrade (migrations, the files sync); the first admin token used to share the sync's
 * number by mistake, and has its own now.
 */
export const LOCKS = {
  /** Running the migrations: a `serve` and `worker`s starting together migrate once (session lock). */
  migrations: 7310420001n,
  /** Syncing partners and mappings from files: processes starting together do not interleave activations. */
  mappingSync: 7310420002n,
  /** Creating the first admin token: only the first process on an empty table inserts one. */
  firstAdminToken: 7310420003n,
  /**
   * Validations of one partner's PO number take turns, so two messages with one PO number cannot both pass
   * (scope: partner|bucket, a bucket of its PO numbers: src/pipeline/stages/validate.stage.ts).
   */
  validatePartner: 'validate',
  /** One inbound interchange (sender|receiver|ISA13) is recorded once, so a duplicate is seen (scope: identity). */
  inboundInterchange: 'x12-interchange',
  /** One partner identifier (type|value) is claimed by one partner (scope: identifier). */
  partnerIdentifier: 'partner-identifier',
} as const;

export type LockName = keyof typeof LOCKS;

/** The SQL key of a lock: a fixed number, or the name and scope hashed. */
export function lockKey(name: LockName, scope?: string) {
  const key = LOCKS[name];
  if (typeof key === 'bigint') {
    if (scope !== undefined) throw new Error(`lock ${name} takes no scope`);
    return sql`${key.toString()}::bigint`;
  }
  if (scope === undefined) throw new Error(`lock ${name} needs a scope`);
  return sql`hashtextextended(${`${key}|${scope}`}, 0)`;
}

/**
 * Takes a transaction-scoped advisory lock (released at commit or rollback) in the caller's transaction. Take
 * several of one name in a fixed order (sorted scopes), so two transactions cannot deadlock.
 */
export async function withAdvisoryLock(tx: Database, name: LockName, scope?: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(name, scope)})`);
}
