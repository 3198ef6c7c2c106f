import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { permanent } from '../core/errors.ts';
import {
  identifiersOverlap,
  type PartnerInput,
  partnerSettingsDefaults,
  redactSettings,
  type StoredIdentifier,
  showIdentifier,
} from '../core/partner.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { withAdvisoryLock } from '../db/locks.ts';
import { apiKeys, partnerIdentifiers, partners } from '../db/schema.ts';
import { hashSecret, newSecret } from '../runtime/secrets.ts';
import { cachedPartnerForKey, forgetApiKey } from './api-key-cache.ts';

/** How every partner API key begins (`og_key_…`): a bearer token that does not is no key, and is not looked up. */
const API_KEY_PREFIX = 'og_key';

export interface PartnerView {
  id: string;
  name: string;
  identifiers: { type: string; qualifier?: string; value: string }[];
  settings: Record<string, unknown>;
  createdAt: string;
}

/** Identifiers are matched case-insensitively on value (X12 IDs and e-mail addresses are). */
const normalise = (value: string) => value.trim().toUpperCase();

/** An identifier as the `partner_identifiers` row holds it: no qualifier is '', the value upper-cased. */
export function storedIdentifier(identifier: PartnerInput['identifiers'][number]): StoredIdentifier {
  return { type: identifier.type, qualifier: identifier.qualifier ?? '', value: normalise(identifier.value) };
}

/** A stored identifier another partner holds, and the wanted one that overlaps it. */
export interface IdentifierClash<W extends StoredIdentifier> {
  held: StoredIdentifier & { partnerId: string };
  wanted: W;
}

/**
 * The identifiers held by partners other than `ignore` that overlap one of `wanted` (identifiersOverlap: an
 * X12 ID without a qualifier overlaps that ID under every qualifier). Each wanted (type, value) is locked
 * for the transaction first: the primary key stops two partners taking the very same identifier, not two
 * that merely overlap (their qualifiers differ), so two transactions adding such a pair must not both pass.
 */
export async function identifierClashes<W extends StoredIdentifier>(
  tx: Database,
  wanted: readonly W[],
  ignore: ReadonlySet<string> = new Set(),
): Promise<IdentifierClash<W>[]> {
  if (wanted.length === 0) return [];
  const scopes = [...new Set(wanted.map((w) => `${w.type}|${w.value}`))].sort();
  for (const scope of scopes) await withAdvisoryLock(tx, 'partnerIdentifier', scope);
  const rows = await tx
    .select()
    .from(partnerIdentifiers)
    .where(
      or(
        ...wanted.map((w) => and(eq(partnerIdentifiers.type, w.type), eq(partnerIdentifiers.value, w.value))),
      ),
    );
  return wanted.flatMap((w) =>
    rows
      .filter((held) => !ignore.has(held.partnerId) && identifiersOverlap(held, w))
      .map((held) => ({ held, wanted: w })),
  );
}

/** How a refusal names both sides: "belongs to partner …", or "overlaps x12 ZZ/X, which belongs to partner …". */
export function clashPhrase(clash: IdentifierClash<StoredIdentifier>): string {
  const { held, wanted } = clash;
  const exact = held.qualifier === wanted.qualifier;
  return `${exact ? '' : `overlaps ${showIdentifier(held)}, which `}belongs to partner "${held.partnerId}"`;
}

/**
 * Creates a partner, its identifiers and its first API key in one transaction. Returns the key once; only its
 * hash is stored. Fails with `partner.exists` / `partner.identifier_taken` (both 409) rather than overwriting anything.
 * Settings are stored as given: seal delivery credentials first (`sealDeliverySecrets`).
 */
export async function createPartner(
  db: Database,
  input: PartnerInput,
  actor: string,
): Promise<{ partner: PartnerView; apiKey: string; apiKeyId: string }> {
  const apiKey = newSecret(API_KEY_PREFIX);
  const settings = { ...partnerSettingsDefaults(input.identifiers), ...input.settings };
  const partner = await db.transaction(async (tx) => {
    const existing = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, input.id));
    if (existing.length > 0) throw permanent('partner.exists', `partner "${input.id}" already exists`);
    const wanted = input.identifiers.map(storedIdentifier);
    const taken = await identifierClashes(tx, wanted);
    if (taken.length > 0) {
      const lines = taken.map((t) => `${showIdentifier(t.wanted)} ${clashPhrase(t)}`);
      throw permanent(
        'partner.identifier_taken',
        `identifiers that belong to another partner: ${lines.join('; ')}`,
        {
          details: taken.map(({ held, wanted: w }) => ({
            type: held.type,
            qualifier: held.qualifier || undefined,
            value: held.value,
            partnerId: held.partnerId,
            requested: { type: w.type, qualifier: w.qualifier || undefined, value: w.value },
          })),
        },
      );
    }
    const [row] = await tx.insert(partners).values({ id: input.id, name: input.name, settings }).returning();
    if (wanted.length > 0)
      await tx.insert(partnerIdentifiers).values(wanted.map((w) => ({ ...w, partnerId: input.id })));
    const key = await storeApiKey(tx, input.id, apiKey);
    await audit(tx, {
      actor,
      entityType: 'partner',
      entityId: input.id,
      action: 'create',
      after: { name: input.name, identifiers: wanted, settings: redactSettings(settings) },
    });
    return { ...row!, apiKeyId: key.id };
  });
  return {
    partner: {
      id: partner.id,
      name: partner.name,
      identifiers: input.identifiers.map((i) => ({ ...i, value: normalise(i.value) })),
      settings: partner.settings,
      createdAt: partner.createdAt.toISOString(),
    },
    apiKey,
    apiKeyId: partner.apiKeyId,
  };
}

/** Stores a key's hash and its readable prefix; the key itself is never stored. */
async function storeApiKey(
  db: Database,
  partnerId: string,
  apiKey: string,
): Promise<{ id: string; prefix: string }> {
  const key = { id: randomUUID(), prefix: apiKey.slice(0, 14) };
  await db.insert(apiKeys).values({ ...key, partnerId, hash: hashSecret(apiKey) });
  return key;
}

/**
 * A new API key for an existing partner (one described by partner.yaml has none until an admin asks for one,
 * and a partner may hold several while it rotates them). Returns the key once, or undefined for no partner.
 */
export async function issueApiKey(
  db: Database,
  partnerId: string,
  actor: string,
): Promise<{ id: string; apiKey: string; prefix: string } | undefined> {
  return db.transaction(async (tx) => {
    const [partner] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
    if (partner === undefined) return undefined;
    const apiKey = newSecret(API_KEY_PREFIX);
    const key = await storeApiKey(tx, partnerId, apiKey);
    await audit(tx, {
      actor,
      entityType: 'partner',
      entityId: partnerId,
      action: 'issue_api_key',
      after: key,
    });
    return { id: key.id, apiKey, prefix: key.prefix };
  });
}

/** What an operator sees of a key: enough to tell it apart and revoke it, never the key or its hash. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

const keyView = (row: {
  id: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}): ApiKeyView => ({
  id: row.id,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

const KEY_COLUMNS = {
  id: apiKeys.id,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
};

/** A partner's API keys, revoked ones too, oldest first; undefined for no partner. */
export async function listApiKeys(db: Database, partnerId: string): Promise<ApiKeyView[] | undefined> {
  const [partner] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  if (partner === undefined) return undefined;
  const rows = await db
    .select(KEY_COLUMNS)
    .from(apiKeys)
    .where(eq(apiKeys.partnerId, partnerId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  return rows.map(keyView);
}

/**
 * Revokes one of a partner's API keys: from now on `partnerForApiKey` refuses it. Audited with the key before
 * and after. A key already revoked is left as it is (its revocation time, no second event) and reported as
 * revoked all the same; undefined when the partner has no such key (another partner's is no such key).
 */
export async function revokeApiKey(
  db: Database,
  partnerId: string,
  keyId: string,
  actor: string,
): Promise<ApiKeyView | undefined> {
  const outcome = await db.transaction(async (tx) => {
    const ours = and(eq(apiKeys.id, keyId), eq(apiKeys.partnerId, partnerId));
    // conditional, so two revocations at once record one event, and the first revocation time stays
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(ours, isNull(apiKeys.revokedAt)))
      .returning({ ...KEY_COLUMNS, hash: apiKeys.hash });
    if (revoked === undefined) {
      const [earlier] = await tx
        .select({ ...KEY_COLUMNS, hash: apiKeys.hash })
        .from(apiKeys)
        .where(ours);
      return earlier && { view: keyView(earlier), hash: earlier.hash };
    }
    const after = keyView(revoked);
    await audit(tx, [
      {
        actor,
        entityType: 'partner',
        entityId: partnerId,
        action: 'revoke_api_key',
        before: { id: after.id, prefix: after.prefix, revokedAt: null },
        after: { id: after.id, prefix: after.prefix, revokedAt: after.revokedAt },
      },
    ]);
    return { view: after, hash: revoked.hash };
  });
  // after the commit (forgotten before it, a request in between could read the key still valid and remember
  // it); a key another process revoked is forgotten here too
  if (outcome !== undefined) forgetApiKey(db, outcome.hash);
  return outcome?.view;
}

export async function listPartners(db: Database, ids?: string[]): Promise<PartnerView[]> {
  const rows = await (ids
    ? db.select().from(partners).where(inArray(partners.id, ids))
    : db.select().from(partners));
  if (rows.length === 0) return [];
  const identifiers = await db
    .select()
    .from(partnerIdentifiers)
    .where(
      inArray(
        partnerIdentifiers.partnerId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    settings: r.settings,
    createdAt: r.createdAt.toISOString(),
    identifiers: identifiers
      .filter((i) => i.partnerId === r.id)
      .map((i) => ({ type: i.type, ...(i.qualifier ? { qualifier: i.qualifier } : {}), value: i.value })),
  }));
}

/**
 * The partner an API key belongs to, or undefined for an unknown or revoked key. A token not of a key's form
 * is no key and costs no query. A valid key is remembered for a few seconds (`API_KEY_CACHE_TTL_MS`): a
 * revocation by this process is seen at once, one by another process within that time.
 */
export async function partnerForApiKey(db: Database, apiKey: string): Promise<string | undefined> {
  if (!apiKey.startsWith(`${API_KEY_PREFIX}_`)) return undefined;
  const hash = hashSecret(apiKey);
  return cachedPartnerForKey(db, hash, async () => {
    const rows = await db
      .select({ partnerId: apiKeys.partnerId, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.hash, hash))
      .limit(1);
    const row = rows[0];
    return row && !row.revokedAt ? row.partnerId : undefined;
  });
}
