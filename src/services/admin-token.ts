import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { withAdvisoryLock } from '../db/locks.ts';
import { adminTokens } from '../db/schema.ts';
import { hashSecret, newSecret } from '../runtime/secrets.ts';

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
  const envHash = envToken ? hashSecret(envToken) : undefined;
  if (!envToken) {
    const token = newSecret('og_admin');
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
      if (envHash && hash === envHash) return true;
      const rows = await db
        .select({ id: adminTokens.id })
        .from(adminTokens)
        .where(eq(adminTokens.hash, hash))
        .limit(1);
      return rows.length > 0;
    },
  };
}
