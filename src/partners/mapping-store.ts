import { stat } from 'node:fs/promises';
import { and, desc, eq, inArray, like } from 'drizzle-orm';
import { permanent } from '../core/errors.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { withAdvisoryLock } from '../db/locks.ts';
import { auditEvents, mappings } from '../db/schema.ts';
import { type LoadedMappings, loadMappings } from '../mapping/loader.ts';
import { isOrderDocument, type MappingDocument } from '../mapping/mapping-file.ts';
import {
  emptySyncReport,
  type MappingRef,
  mappingId,
  StoredMappingContent,
  type SyncReport,
} from '../mapping/stored-mapping.ts';
import type { Logger } from '../runtime/logger.ts';
import { type PartnerSyncOptions, syncPartners } from './partner-sync.ts';

export type { MappingRef, StoredMappingContent, SyncReport } from '../mapping/stored-mapping.ts';
export { type ActiveMapping, activeMappings } from './active-mappings.ts';

/** Serialises mapping syncs across every process on the database (the migrator uses …001). */

type StoredRow = Pick<
  typeof mappings.$inferSelect,
  'id' | 'partnerId' | 'documentType' | 'version' | 'sha256' | 'status' | 'content'
>;

/** The partner currency a stored version was resolved with, without trusting the row's shape. */
function storedCurrency(row: StoredRow): string | undefined {
  const parsed = StoredMappingContent.safeParse(row.content);
  return parsed.success ? parsed.data.defaultCurrency : undefined;
}

/**
 * Stores the mapping versions found on disk and makes the database's active versions match the partner
 * files, in one transaction under an advisory lock, so that processes starting together neither collide on
 * the unique index nor interleave activations.
 *
 * - A version not yet stored is inserted (content: {@link StoredMappingContent}).
 * - A stored version is immutable: if its file's sha256 differs from the stored one, nothing is written and
 *   a permanent `mapping.changed` GatewayError names every such partner/document/version.
 * - Per (partner, document type) exactly one version is active: the partner file's `activeVersions` choice
 *   (else its highest version); the version active before is retired. A directory that lacks a version the
 *   database has, above all of its own (an older deployment, or a version made in the console), does not
 *   change activation: it is warned about. Neither does one whose choice was overruled by a person in the
 *   console (the last `activate` audit event says {@link CONSOLE_ACTIVATION}), until it brings a version not
 *   stored yet. Console drafts are kept as they are and count for neither.
 * - Each insert and each activation change writes an audit event; a second identical run writes nothing.
 * - The partner rows are made to match the partner.yaml files first (see `syncPartners`: `partnerOptions.secrets`
 *   seals their delivery credentials, `partnerOptions.delivery` are the limits their delivery is checked against).
 */
export async function syncMappings(
  db: Database,
  loaded: LoadedMappings,
  actor: string,
  partnerOptions: Pick<PartnerSyncOptions, 'secrets' | 'delivery'> = {},
): Promise<SyncReport> {
  const report = emptySyncReport();
  const partnerIds = loaded.partners.map((p) => p.partner.id);
  if (partnerIds.length === 0) return report;
  await db.transaction(async (tx) => {
    await withAdvisoryLock(tx, 'mappingSync');
    Object.assign(report, await syncPartners(tx, loaded.partners, actor, partnerOptions));
    const rows: StoredRow[] = await tx
      .select({
        id: mappings.id,
        partnerId: mappings.partnerId,
        documentType: mappings.documentType,
        version: mappings.version,
        sha256: mappings.sha256,
        status: mappings.status,
        content: mappings.content,
      })
      .from(mappings)
      .where(inArray(mappings.partnerId, partnerIds));
    const stored = new Map(rows.map((row) => [row.id, row]));

    const changed: (MappingRef & { file: string; storedSha256: string; suggested: string })[] = [];
    const toInsert: (typeof mappings.$inferInsert)[] = [];
    for (const { partner, versions } of loaded.partners) {
      const currency = partner.settings.defaultCurrency;
      for (const v of versions) {
        const id = mappingId(partner.id, v.document, v.version);
        const row = stored.get(id);
        const ref = { partnerId: partner.id, document: v.document, version: v.version, sha256: v.sha256 };
        if (!row) {
          const content: StoredMappingContent = {
            format: 1,
            file: v.source,
            ...(currency ? { defaultCurrency: currency } : {}),
          };
          // Never active until the activation pass below says so.
          toInsert.push({ id, ...ref, documentType: v.document, content, status: 'retired' });
          report.inserted.push(ref);
        } else if (row.sha256 !== v.sha256) {
          const known = [
            ...rows,
            ...versions.map((o) => ({ ...o, partnerId: partner.id, documentType: o.document })),
          ];
          const next =
            1 +
            Math.max(
              ...known
                .filter((o) => o.partnerId === partner.id && o.documentType === v.document)
                .map((o) => o.version),
            );
          changed.push({
            ...ref,
            file: v.file,
            storedSha256: row.sha256,
            suggested: `${v.document}.v${next}.yaml`,
          });
        } else {
          report.unchanged += 1;
          const was = storedCurrency(row);
          // only order mappings resolve with the partner currency (outbound ones take the order's)
          const own = 'defaults' in v.source ? v.source.defaults?.currency : undefined;
          if (isOrderDocument(v.document) && own === undefined && was !== currency) {
            report.warnings.push(
              `${id}: partner.yaml settings.defaultCurrency is ${currency ?? 'unset'}, the stored version was resolved with ${was ?? 'none'} and keeps it; add a new version to change it`,
            );
          }
        }
      }
    }
    if (changed.length > 0) {
      throw permanent(
        'mapping.changed',
        `stored mapping versions may not change; add a new version and point activeVersions at it instead:\n${changed
          .map(
            (c) =>
              `${c.partnerId} ${c.document} v${c.version} (${c.file}): sha256 ${c.storedSha256} stored, ${c.sha256} on disk; add ${c.partnerId}/${c.suggested}`,
          )
          .join('\n')}`,
        { details: changed },
      );
    }
    if (toInsert.length > 0) {
      await tx.insert(mappings).values(toInsert);
      await audit(
        tx,
        toInsert.map((row) => ({
          actor,
          entityType: 'mapping',
          entityId: row.id,
          action: 'create',
          after: {
            partnerId: row.partnerId,
            document: row.documentType,
            version: row.version,
            sha256: row.sha256,
          },
        })),
      );
    }

    for (const { partner, mappings: active, versions } of loaded.partners) {
      for (const [document, wanted] of Object.entries(active) as [MappingDocument, { version: number }][]) {
        const ofType = rows.filter((r) => r.partnerId === partner.id && r.documentType === document);
        const current = ofType.filter((r) => r.status === 'active');
        if (current.length === 1 && current[0]!.version === wanted.version) continue;
        const diskMax = Math.max(...versions.filter((v) => v.document === document).map((v) => v.version));
        // a console draft decodes nothing, so it does not stand in the way of the directory's choice
        const newer = ofType.filter((r) => r.version > diskMax && r.status !== 'draft').map((r) => r.version);
        if (newer.length > 0) {
          report.warnings.push(
            `${partner.id} ${document}: the database has version(s) ${newer.join(', ')}, newer than any in this directory; activation left unchanged`,
          );
          continue;
        }
        // a person's activation in the console (a rollback to a stored version) stands until the directory
        // brings a version the database did not have
        const wantedIsNew = !stored.has(mappingId(partner.id, document, wanted.version));
        if (current.length > 0 && !wantedIsNew && (await activatedInConsole(tx, partner.id, document))) {
          report.warnings.push(
            `${partner.id} ${document}: version ${current[0]!.version} was activated in the console; activation left unchanged (add a new version file to take it over)`,
          );
          continue;
        }
        const id = mappingId(partner.id, document, wanted.version);
        const retired = current.filter((r) => r.id !== id);
        for (const row of retired) {
          await tx.update(mappings).set({ status: 'retired' }).where(eq(mappings.id, row.id));
          await audit(tx, {
            actor,
            entityType: 'mapping',
            entityId: row.id,
            action: 'retire',
            before: { status: 'active' },
            after: { status: 'retired', replacedBy: wanted.version },
          });
        }
        await tx.update(mappings).set({ status: 'active' }).where(eq(mappings.id, id));
        await audit(tx, {
          actor,
          entityType: 'mapping',
          entityId: id,
          action: 'activate',
          before: { status: ofType.find((r) => r.id === id)?.status ?? null },
          after: { status: 'active', replaces: retired.map((r) => r.version) },
        });
        const previous = retired.map((r) => r.version).sort((a, b) => b - a)[0];
        report.activated.push({
          partnerId: partner.id,
          document,
          version: wanted.version,
          ...(previous === undefined ? {} : { previousVersion: previous }),
        });
      }
    }
  });
  return report;
}

/** What the console's activations say in their audit event (`after.via`), so a start-up sync can tell them. */
export const CONSOLE_ACTIVATION = 'mapping-studio';

/** Whether the last activation of a partner's document was a person's, in the console's mapping studio. */
async function activatedInConsole(
  tx: Database,
  partnerId: string,
  document: MappingDocument,
): Promise<boolean> {
  const prefix = mappingId(partnerId, document, 0)
    .replace(/0$/, '')
    .replace(/[\\%_]/g, '\\$&');
  const [last] = await tx
    .select({ after: auditEvents.after })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, 'mapping'),
        eq(auditEvents.action, 'activate'),
        like(auditEvents.entityId, `${prefix}%`),
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(1);
  const after = last?.after;
  return typeof after === 'object' && after !== null && 'via' in after && after.via === CONSOLE_ACTIVATION;
}

/**
 * Gateway start-up: loads and validates `dir` (see `loadMappings`) and {@link syncMappings} it. A missing
 * directory is not an error (a gateway may run on mappings stored by another machine): nothing is done and
 * an empty report is returned. Invalid files throw `mapping.invalid`, changed stored versions `mapping.changed`.
 */
export async function syncMappingsDir(
  db: Database,
  dir: string,
  actor: string,
  log?: Pick<Logger, 'info' | 'warn'>,
  partnerOptions: Pick<PartnerSyncOptions, 'secrets' | 'delivery'> = {},
): Promise<SyncReport> {
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) {
    log?.info({ dir }, 'no mappings directory; using the mappings stored in the database');
    return emptySyncReport();
  }
  const report = await syncMappings(db, await loadMappings(dir), actor, partnerOptions);
  for (const warning of report.warnings) log?.warn({ dir }, warning);
  if (report.inserted.length > 0 || report.activated.length > 0) {
    log?.info({ dir, inserted: report.inserted, activated: report.activated }, 'mappings stored');
  }
  if (report.partnersCreated.length > 0 || report.partnersUpdated.length > 0) {
    log?.info(
      { dir, created: report.partnersCreated, updated: report.partnersUpdated },
      'partners stored from partner.yaml',
    );
  }
  return report;
}
