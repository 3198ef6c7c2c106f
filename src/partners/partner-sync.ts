import { isDeepStrictEqual } from 'node:util';
import { eq, inArray, sql } from 'drizzle-orm';
import { deliveryProblems } from '../../connectors/delivery-problems.ts';
import type { DeliveryContext } from '../core/connector.ts';
import { permanent } from '../core/errors.ts';
import {
  identifiersOverlap,
  isDeliveryCredential,
  type PartnerSettings,
  partnerSettingsDefaults,
  redactSettings,
  showIdentifier,
} from '../core/partner.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { partnerIdentifiers, partners } from '../db/schema.ts';
import { resolveEnvReferences } from '../mapping/env-references.ts';
import type { LoadedPartner } from '../mapping/loader.ts';
import type { SyncReport } from '../mapping/stored-mapping.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import { openDeliverySecrets, sealDeliverySecrets, sealedWith } from './delivery-secrets.ts';
import { clashPhrase, identifierClashes, storedIdentifier } from './partner-store.ts';

export interface PartnerSyncOptions {
  /** Seals delivery credentials; needed only when a partner.yaml has some. */
  secrets?: SecretBox;
  /** Where `${NAME}` references in delivery configs are looked up; process.env by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The gateway's delivery limits (private addresses, the outbox folder) each delivery setting is checked
   * against; the gateway always passes them. Without them only the transports' schemas are checked.
   */
  delivery?: DeliveryContext;
}

type Identifier = ReturnType<typeof storedIdentifier>;

/** A partner as its partner.yaml wants it stored; credentials still in clear. */
interface Wanted {
  id: string;
  name: string;
  identifiers: Identifier[];
  settings: Record<string, unknown>;
}

const identifierKey = (i: Identifier) => JSON.stringify([i.type, i.qualifier, i.value]);
const sortedKeys = (list: Identifier[]) => list.map(identifierKey).sort();

function hasSecrets(settings: Record<string, unknown>): boolean {
  const config = (settings as PartnerSettings).delivery?.config ?? {};
  return Object.entries(config).some(([key, value]) => isDeliveryCredential(key, value));
}

/**
 * Makes the `partners` and `partner_identifiers` rows of every partner that has a partner.yaml match the file
 * (the file is their source of truth), inside the caller's transaction:
 * - a partner without a row is created, without an API key (an admin makes one);
 * - a stored name, identifier list or settings that differ from the file are replaced;
 * - settings are stored as POST /v1/partners stores them: channel defaults written out, the file's over them,
 *   delivery credentials sealed with `secrets`; a whole-value `${NAME}` in the delivery config is read from
 *   the environment, so a committed file need not hold the credential;
 * - one audit event per created or changed partner, credentials redacted.
 * Nothing is written, and a permanent GatewayError names the partners concerned, when a referenced variable is
 * unset (`partner.env_missing`), a delivery setting is invalid (`partner.invalid_delivery`), or an identifier
 * belongs to another partner (`partner.identifier_taken`). A second identical run writes nothing.
 */
export async function syncPartners(
  tx: Database,
  loaded: readonly LoadedPartner[],
  actor: string,
  options: PartnerSyncOptions = {},
): Promise<Pick<SyncReport, 'partnersCreated' | 'partnersUpdated'>> {
  const report = { partnersCreated: [] as string[], partnersUpdated: [] as string[] };
  if (loaded.length === 0) return report;
  const wanted = wantedPartners(loaded, options.env ?? process.env, options.delivery);
  const { secrets } = options;
  const needsBox = wanted.filter((w) => hasSecrets(w.settings)).map((w) => w.id);
  if (needsBox.length > 0 && secrets === undefined)
    throw permanent(
      'secrets.no_key',
      `partner.yaml of ${needsBox.join(', ')} has delivery credentials, and no secrets key was given to seal them`,
    );
  await checkIdentifiers(tx, wanted);

  const ids = wanted.map((w) => w.id);
  const rows = await tx.select().from(partners).where(inArray(partners.id, ids));
  const storedIdentifiers = await tx
    .select()
    .from(partnerIdentifiers)
    .where(inArray(partnerIdentifiers.partnerId, ids));
  const plans = wanted.map((w) => {
    const row = rows.find((r) => r.id === w.id);
    const identifiers = storedIdentifiers
      .filter((i) => i.partnerId === w.id)
      .map(({ type, qualifier, value }) => ({ type, qualifier, value }));
    const sameIdentifiers = isDeepStrictEqual(sortedKeys(identifiers), sortedKeys(w.identifiers));
    const sameSettings = row !== undefined && storedSettingsMatch(w, row.settings, secrets);
    return { w, row, identifiers, sameIdentifiers, sameSettings };
  });
  const changed = plans.filter(
    (p) => !p.row || p.row.name !== p.w.name || !p.sameIdentifiers || !p.sameSettings,
  );

  // every identifier that moves is let go before any is taken, so two files may swap one in a single sync
  for (const p of changed)
    if (p.row && !p.sameIdentifiers)
      await tx.delete(partnerIdentifiers).where(eq(partnerIdentifiers.partnerId, p.w.id));
  for (const { w, row, identifiers, sameIdentifiers, sameSettings } of changed) {
    // `secrets` is there whenever these settings hold credentials (checked above); without any it is not used
    const settings = row && sameSettings ? row.settings : sealDeliverySecrets(w.settings, secrets!);
    const after = { name: w.name, identifiers: w.identifiers, settings: redactSettings(settings) };
    if (row) {
      await tx
        .update(partners)
        .set({ name: w.name, settings, updatedAt: sql`now()` })
        .where(eq(partners.id, w.id));
    } else {
      await tx.insert(partners).values({ id: w.id, name: w.name, settings });
    }
    if ((!row || !sameIdentifiers) && w.identifiers.length > 0)
      await tx.insert(partnerIdentifiers).values(w.identifiers.map((i) => ({ ...i, partnerId: w.id })));
    await audit(tx, {
      actor,
      entityType: 'partner',
      entityId: w.id,
      action: row ? 'update' : 'create',
      ...(row ? { before: { name: row.name, identifiers, settings: redactSettings(row.settings) } } : {}),
      after,
    });
    (row ? report.partnersUpdated : report.partnersCreated).push(w.id);
  }
  return report;
}

/** The files' partners as they should be stored, with `${NAME}` references resolved and delivery checked. */
function wantedPartners(
  loaded: readonly LoadedPartner[],
  env: Readonly<Record<string, string | undefined>>,
  delivery: DeliveryContext | undefined,
): Wanted[] {
  const missing: { partnerId: string; key: string; variable: string }[] = [];
  const wanted = loaded.map(({ partner }) => {
    let settings: PartnerSettings = partner.settings;
    if (settings.delivery) {
      const resolved = resolveEnvReferences(settings.delivery.config, env);
      missing.push(...resolved.missing.map((m) => ({ partnerId: partner.id, ...m })));
      settings = { ...settings, delivery: { ...settings.delivery, config: resolved.config } };
    }
    const identifiers = [
      ...new Map(partner.identifiers.map(storedIdentifier).map((i) => [identifierKey(i), i])).values(),
    ];
    // a JSON round trip, so that comparing with the jsonb column compares like with like
    const stored = JSON.parse(JSON.stringify({ ...partnerSettingsDefaults(identifiers), ...settings }));
    return { id: partner.id, name: partner.name, identifiers, settings: stored as Record<string, unknown> };
  });
  if (missing.length > 0)
    throw permanent(
      'partner.env_missing',
      `partner.yaml refers to environment variables that are not set:\n${missing
        .map(
          (m) =>
            `${m.partnerId}: settings.delivery.config.${m.key} is \${${m.variable}}, and ${m.variable} is unset`,
        )
        .join('\n')}`,
      { details: missing },
    );
  const problems = wanted.flatMap((w) =>
    deliveryProblems(w.settings as PartnerSettings, delivery).map((p) => ({ partnerId: w.id, ...p })),
  );
  if (problems.length > 0)
    throw permanent(
      'partner.invalid_delivery',
      `invalid delivery settings in partner.yaml:\n${problems.map((p) => `${p.partnerId}: ${p.path}: ${p.message}`).join('\n')}`,
      { details: problems },
    );
  return wanted;
}

/**
 * Refuses an identifier that overlaps (identifiersOverlap) one another file claims, or one that a partner
 * without a partner.yaml holds: an X12 ID without a qualifier would shadow, or be shadowed by, that ID
 * under a qualifier of another partner.
 */
async function checkIdentifiers(tx: Database, wanted: Wanted[]): Promise<void> {
  const claims = wanted.flatMap((w) => w.identifiers.map((i) => ({ ...i, claimer: w.id })));
  type Claim = (typeof claims)[number];
  const taken: {
    identifier: string;
    partnerId: string;
    owner: string;
    ownerHasFile: boolean;
    /** The identifier it overlaps, when not the same one (one of them has no qualifier). */
    overlaps?: string;
  }[] = [];
  const lines: string[] = [];
  const refuse = (claim: Claim, held: Identifier & { partnerId: string }, ownerHasFile: boolean) => {
    const clash = { held, wanted: claim };
    taken.push({
      identifier: showIdentifier(claim),
      partnerId: claim.claimer,
      owner: held.partnerId,
      ownerHasFile,
      ...(held.qualifier === claim.qualifier ? {} : { overlaps: showIdentifier(held) }),
    });
    lines.push(
      `${showIdentifier(claim)} in ${claim.claimer}/partner.yaml ${clashPhrase(clash)}${ownerHasFile ? ` (${held.partnerId}/partner.yaml lists it too)` : ''}`,
    );
  };
  for (const [index, claim] of claims.entries()) {
    // the first file to claim it owns it here; a later one claiming it (or an overlapping one) is refused
    const first = claims
      .slice(0, index)
      .find((c) => c.claimer !== claim.claimer && identifiersOverlap(c, claim));
    if (first !== undefined) refuse(claim, { ...first, partnerId: first.claimer }, true);
  }
  // held by a partner that has a file too: that file decides, and it no longer lists the identifier
  for (const { held, wanted: claim } of await identifierClashes(tx, claims, new Set(wanted.map((w) => w.id))))
    refuse(claim, held, false);
  if (taken.length > 0)
    throw permanent(
      'partner.identifier_taken',
      `partner.yaml identifiers that belong to another partner:\n${lines.join('\n')}`,
      { details: taken },
    );
}

/** Whether the stored settings are the wanted ones, credentials sealed with this key and opening to the file's. */
function storedSettingsMatch(
  w: Wanted,
  stored: Record<string, unknown>,
  secrets: SecretBox | undefined,
): boolean {
  if (!isDeepStrictEqual(redactSettings(stored), redactSettings(w.settings))) return false;
  if (!hasSecrets(w.settings)) return true;
  // credentials in clear (saved before sealing) or sealed with another key are rewritten: sealed with this one
  if (secrets === undefined || !sealedWith(stored, secrets)) return false;
  try {
    return isDeepStrictEqual(openDeliverySecrets(w.id, stored, secrets), w.settings);
  } catch {
    return false;
  }
}
