import { randomUUID, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { withAdvisoryLock } from '../db/locks.ts';
import { adminTokens } from '../db/schema.ts';
import { hashSecret, newSecret } from '../runtime/secrets.ts';

/** How a generated admin token begins (`og_admin_…`); only such a token can be one stored in `admin_tokens`. */
const ADMIN_TOKEN_PREFIX = 'og_admin';

export interface AdminAuth {
  verify(token: string): Promise<boolean>;
}

/**
 * Admin bearer tokens: ORDERGATE_ADMIN_TOKEN when set; otherwise, on the very first start, one is generated,
 * its hash stored, and the token itself handed to `announce` exactly once (it cannot be shown again).
 */
export async function setUpAdminAuth(
  db: Database,
  envToken: string | undefined,
  announce: (token: string) => void,
): Promise<AdminAuth> {
  const envHash = envToken ? Buffer.from(hashSecret(envToken), 'hex') : undefined;
  if (!envToken) {
    const token = newSecret(ADMIN_TOKEN_PREFIX);
    // Serialised by an advisory lock: only the first process on an empty table inserts; the others see its row.
    const inserted = await db.transaction(async (tx) => {
      await withAdvisoryLock(tx, 'firstAdminToken');
      const existing = await tx.select({ id: adminTokens.id }).from(adminTokens).limit(1);
      if (existing.length > 0) return false;
      await tx.insert(adminTokens).values({ id: randomUUID(), hash: hashSecret(token) });
      return true;
    });
    if (inserted) announce(token);
  }
  return {
    async verify(token: string) {
      const hash = hashSecret(token);
      // digests compared in constant time: no early exit telling how much of the token matched
      if (envHash && timingSafeEqual(Buffer.from(hash, 'hex'), envHash)) return true;
      // the stored tokens are all generated ones: any other token (a partner's API key) costs no query
      if (!token.startsWith(`${ADMIN_TOKEN_PREFIX}_`)) return false;
      const rows = await db
        .select({ id: adminTokens.id })
        .from(adminTokens)
        .where(eq(adminTokens.hash, hash))
        .limit(1);
      return rows.length > 0;
    },
  };
}
