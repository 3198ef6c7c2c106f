import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveryProblems } from '../../connectors/delivery-problems.ts';
import type { DeliveryContext } from '../core/connector.ts';
import { permanent } from '../core/errors.ts';
import {
  PartnerIdentifier,
  PartnerInput,
  PartnerSettings,
  partnerSettingsDefaults,
  redactSettings,
  showIdentifier,
} from '../core/partner.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { partnerIdentifiers, partners } from '../db/schema.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import { openDeliverySecrets, sealDeliverySecrets } from './delivery-secrets.ts';
import { clashPhrase, identifierClashes, type PartnerView, storedIdentifier } from './partner-store.ts';

/** Shown in place of a stored delivery credential; sent back unchanged, it keeps the stored one. */
export const KEPT_SECRET = '(sealed)';

/**
 * A change to a partner (`PATCH /v1/partners/{id}`, the console's edit form): each part given replaces the
 * stored one; `settings`, when given, are the whole settings (absent keys take the channel defaults again).
 */
export const PartnerUpdate = z.strictObject({
  name: PartnerInput.shape.name.optional(),
  identifiers: z.array(PartnerIdentifier).optional(),
  settings: PartnerSettings.optional(),
});
export type PartnerUpdate = z.input<typeof PartnerUpdate>;

/** The handles an update needs: credentials are checked in clear and stored sealed. */
export interface PartnerUpdateDeps {
  db: Database;
  secrets: SecretBox;
  delivery: DeliveryContext;
}

const invalid = (message: string, details: { path: string; message: string }[]) =>
  permanent('request.invalid', message, { details });

/**
 * The wanted settings with each delivery credential sent back as {@link KEPT_SECRET} replaced by the stored one,
 * opened: the transport's schema checks it in clear, and it is sealed again on the way in. A placeholder
 * with nothing stored for it (another transport, a key never set) is a problem of that field.
 */
function keepStoredCredentials(
  partnerId: string,
  wanted: PartnerSettings,
  stored: Record<string, unknown>,
  box: SecretBox,
): { settings: PartnerSettings; problems: { path: string; message: string }[] } {
  const delivery = wanted.delivery;
  if (delivery === undefined) return { settings: wanted, problems: [] };
  const before = stored.delivery as { transport?: string; config?: Record<string, unknown> } | undefined;
  const sameTransport = before?.transport === delivery.transport;
  const opened = sameTransport
    ? (openDeliverySecrets(partnerId, { delivery: before }, box).delivery?.config ?? {})
    : {};
  const problems: { path: string; message: string }[] = [];
  const config = Object.fromEntries(
    Object.entries(delivery.config).map(([key, value]) => {
      if (value !== KEPT_SECRET) return [key, value];
      const held = before?.config?.[key];
      if (!sameTransport || held === undefined) {
        problems.push({ path: `settings.delivery.config.${key}`, message: 'no stored credential to keep' });
        return [key, value];
      }
      return [key, opened[key]];
    }),
  );
  return { settings: { ...wanted, delivery: { ...delivery, config } }, problems };
}

/**
 * Changes a partner's name, identifiers or settings in one transaction, audited with the actor and the partner
 * before and after (credentials redacted). Identifiers are replaced as a whole; one another partner holds (or
 * overlaps) is refused with 409 `partner.identifier_taken`, each clash named by the path of the identifier
 * (`identifiers.2.value`). Delivery settings are checked against the transport and its limits, their
 * credentials sealed; a credential sent back as {@link KEPT_SECRET} keeps the stored one. Undefined for no
 * partner of that id.
 */
export async function updatePartner(
  deps: PartnerUpdateDeps,
  id: string,
  change: unknown,
  actor: string,
): Promise<PartnerView | undefined> {
  const parsed = PartnerUpdate.safeParse(change);
  if (!parsed.success)
    throw invalid(
      'the partner is invalid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const input = parsed.data;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(partners).where(eq(partners.id, id)).for('update');
    if (row === undefined) return undefined;
    const heldIdentifiers = await tx
      .select({
        type: partnerIdentifiers.type,
        qualifier: partnerIdentifiers.qualifier,
        value: partnerIdentifiers.value,
      })
      .from(partnerIdentifiers)
      .where(eq(partnerIdentifiers.partnerId, id));
    const identifiers = input.identifiers ? input.identifiers.map(storedIdentifier) : heldIdentifiers;

    let settings = row.settings;
    if (input.settings) {
      const kept = keepStoredCredentials(id, input.settings, row.settings, deps.secrets);
      const problems = [...kept.problems, ...deliveryProblems(kept.settings, deps.delivery)];
      if (problems.length > 0) throw invalid('the delivery settings are invalid', problems);
      settings = sealDeliverySecrets(
        { ...partnerSettingsDefaults(identifiers), ...kept.settings },
        deps.secrets,
      );
    }

    if (input.identifiers) {
      const seen = new Set<string>();
      const duplicates = identifiers.flatMap((i, index) => {
        const key = JSON.stringify([i.type, i.qualifier, i.value]);
        if (!seen.has(key)) {
          seen.add(key);
          return [];
        }
        return [{ path: `identifiers.${index}.value`, message: `${showIdentifier(i)} is listed twice` }];
      });
      if (duplicates.length > 0) throw invalid('an identifier is listed twice', duplicates);
      const clashes = await identifierClashes(tx, identifiers, new Set([id]));
      if (clashes.length > 0)
        throw permanent(
          'partner.identifier_taken',
          `identifiers that belong to another partner: ${clashes.map((c) => `${showIdentifier(c.wanted)} ${clashPhrase(c)}`).join('; ')}`,
          {
            details: clashes.map((c) => ({
              path: `identifiers.${identifiers.indexOf(c.wanted)}.value`,
              message: `${showIdentifier(c.wanted)} ${clashPhrase(c)}`,
              partnerId: c.held.partnerId,
            })),
          },
        );
      await tx.delete(partnerIdentifiers).where(eq(partnerIdentifiers.partnerId, id));
      if (identifiers.length > 0)
        await tx.insert(partnerIdentifiers).values(identifiers.map((i) => ({ ...i, partnerId: id })));
    }
    const name = input.name ?? row.name;
    const [updated] = await tx
      .update(partners)
      .set({ name, settings, updatedAt: sql`now()` })
      .where(eq(partners.id, id))
      .returning();
    await audit(tx, {
      actor,
      entityType: 'partner',
      entityId: id,
      action: 'update',
      before: { name: row.name, identifiers: heldIdentifiers, settings: redactSettings(row.settings) },
      after: { name, identifiers, settings: redactSettings(settings) },
    });
    return {
      id,
      name,
      identifiers: identifiers.map((i) => ({
        type: i.type,
        ...(i.qualifier ? { qualifier: i.qualifier } : {}),
        value: i.value,
      })),
      settings: updated!.settings,
      createdAt: updated!.createdAt.toISOString(),
    };
  });
}
