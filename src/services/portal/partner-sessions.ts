import { and, eq, isNull } from 'drizzle-orm';
import type { PartnerUser } from '../../core/partner-user.ts';
import type { Database } from '../../db/client.ts';
import { partnerUsers, sessions } from '../../db/schema.ts';
import { hashSecret } from '../../runtime/secrets.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy, sessionIsLive } from '../users/sessions.ts';

/** The signed-in partner user of a portal request: whose partner scopes every query, and the session's CSRF token. */
export interface PortalSessionUser extends PartnerUser {
  sessionId: string;
  csrfToken: string;
}

/**
 * The partner user a portal session token stands for, or undefined: unknown, revoked, idle or past its end, a
 * console session (kind `console`), or its user disabled. The console's session mechanism (sessions.ts), read
 * with the partner user instead of the console user.
 */
export async function partnerSessionUser(
  db: Database,
  token: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<PortalSessionUser | undefined> {
  const id = hashSecret(token);
  const [row] = await db
    .select({
      id: partnerUsers.id,
      partnerId: partnerUsers.partnerId,
      email: partnerUsers.email,
      name: partnerUsers.name,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(partnerUsers, eq(partnerUsers.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, id),
        eq(sessions.kind, 'portal'),
        isNull(sessions.revokedAt),
        isNull(partnerUsers.disabledAt),
      ),
    );
  if (!row || !(await sessionIsLive(db, id, row, policy))) return undefined;
  return {
    id: row.id,
    partnerId: row.partnerId,
    email: row.email,
    ...(row.name ? { name: row.name } : {}),
    sessionId: id,
    csrfToken: row.csrfToken,
  };
}
