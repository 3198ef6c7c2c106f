import { and, eq, inArray } from 'drizzle-orm';
import { permanent } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { mappings } from '../db/schema.ts';
import { deepFreeze } from '../mapping/deep-freeze.ts';
import { defaultOutboundMapping } from '../mapping/default-outbound-mapping.ts';
import {
  type ByDocument,
  MappingDocument,
  type ResolvedMapping,
  type ResolvedMappingOf,
  resolveMapping,
} from '../mapping/mapping-file.ts';
import type { OutboundDocument, OutboundMappingOf } from '../mapping/outbound-mapping.schema.ts';
import { StoredMappingContent } from '../mapping/stored-mapping.ts';

/** One partner's active mapping for a document type, as {@link activeMappings} returns it. */
export interface ActiveMappingOf<D extends MappingDocument> {
  version: number;
  sha256: string;
  /** Deeply frozen: it is shared between calls. */
  mapping: ResolvedMappingOf<D>;
}
export type ActiveMapping = ActiveMappingOf<MappingDocument>;

/** A partner's active mappings, by document type. */
export type ActiveMappings = ByDocument<{ [D in MappingDocument]: ActiveMappingOf<D> }>;

/**
 * Resolved mappings by row id and sha256, for the whole process: a stored version never changes (the store
 * refuses a changed file), and callers pass a transaction, a new object each time, so a cache per database
 * handle would never hit. One process serves one database in production.
 */
const cache = new Map<string, ResolvedMapping>();
const CACHE_LIMIT = 1000;

/** Rebuilds a stored version, validating the row on the way out (house rule: validate at every edge). */
function rebuild(row: { id: string; documentType: string; version: number; content: unknown }) {
  const parsed = StoredMappingContent.safeParse(row.content);
  if (!parsed.success) {
    throw permanent('mapping.stored_invalid', `stored mapping ${row.id} is not a valid mapping`, {
      details: parsed.error.issues,
    });
  }
  const { file, defaultCurrency } = parsed.data;
  if (file.document !== row.documentType || file.version !== row.version) {
    throw permanent(
      'mapping.stored_invalid',
      `stored mapping ${row.id} holds ${file.document} v${file.version}`,
    );
  }
  return deepFreeze(resolveMapping(file, defaultCurrency ? { defaultCurrency } : {}));
}

/**
 * The partner's active mapping per document type, read from the database (one indexed query; a second one
 * only for versions this process has not resolved before), so every worker on every machine decodes with the
 * same version and sees a newly activated one on its next call. Each row is validated and re-resolved;
 * a document type with no stored mapping is absent (callers fall back to the built-in default).
 */
export async function activeMappings(db: Database, partnerId: string): Promise<ActiveMappings> {
  const rows = await db
    .select({
      id: mappings.id,
      documentType: mappings.documentType,
      version: mappings.version,
      sha256: mappings.sha256,
    })
    .from(mappings)
    .where(and(eq(mappings.partnerId, partnerId), eq(mappings.status, 'active')));
  const key = (row: { id: string; sha256: string }) => `${row.id}@${row.sha256}`;
  const resolved = new Map<string, ResolvedMapping>();
  for (const row of rows) {
    const hit = cache.get(key(row));
    if (hit) resolved.set(row.id, hit);
  }
  const missing = rows.filter((row) => !resolved.has(row.id));
  if (missing.length > 0) {
    const contents = await db
      .select({ id: mappings.id, content: mappings.content })
      .from(mappings)
      .where(
        inArray(
          mappings.id,
          missing.map((row) => row.id),
        ),
      );
    if (cache.size + missing.length > CACHE_LIMIT) cache.clear();
    for (const row of missing) {
      const mapping = rebuild({ ...row, content: contents.find((c) => c.id === row.id)?.content });
      cache.set(key(row), mapping);
      resolved.set(row.id, mapping);
    }
  }
  // each row is filed under its own document type, the mapping rebuilt from it is of that type
  const result: Partial<Record<MappingDocument, ActiveMapping>> = {};
  for (const row of rows) {
    const document = MappingDocument.parse(row.documentType);
    if (result[document]) {
      throw permanent('mapping.stored_invalid', `${partnerId} has more than one active ${document} mapping`);
    }
    result[document] = { version: row.version, sha256: row.sha256, mapping: resolved.get(row.id)! };
  }
  return result as ActiveMappings;
}

/** The partner's active mapping for a document we send, or the built-in default when it has none. */
export function outboundMapping<D extends OutboundDocument>(
  active: ActiveMappings,
  document: D,
): OutboundMappingOf<D> {
  const entry = active[document] as ActiveMappingOf<D> | undefined;
  return (entry?.mapping as OutboundMappingOf<D> | undefined) ?? defaultOutboundMapping(document);
}
