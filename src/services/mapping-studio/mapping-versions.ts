import { and, asc, eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { mappings } from '../../db/schema.ts';
import type { MappingDocument, MappingFile } from '../../mapping/mapping-file.ts';
import { mappingId, StoredMappingContent } from '../../mapping/stored-mapping.ts';

/** One stored version of a partner's mapping, as the studio lists it. */
export interface MappingVersionSummary {
  id: string;
  document: MappingDocument;
  version: number;
  status: 'draft' | 'active' | 'retired';
  sha256: string;
  /** `mappings-dir` or `startup` for a file, `user:<id>` (or the admin token's actor) for the console. */
  createdBy: string | null;
  createdAt: Date;
  activatedAt: Date | null;
}

/** A stored version with its validated content. */
export interface StoredVersion extends MappingVersionSummary {
  content: StoredMappingContent;
  file: MappingFile;
}

const columns = {
  id: mappings.id,
  document: mappings.documentType,
  version: mappings.version,
  status: mappings.status,
  sha256: mappings.sha256,
  createdBy: mappings.createdBy,
  createdAt: mappings.createdAt,
  activatedAt: mappings.activatedAt,
};

/**
 * The partner's mapping versions, every document type or one, by document then version: what the studio's
 * version list shows (the status says which one decodes today, which are drafts).
 */
export async function listMappingVersions(
  db: Database,
  partnerId: string,
  document?: MappingDocument,
): Promise<MappingVersionSummary[]> {
  const rows = await db
    .select(columns)
    .from(mappings)
    .where(
      document === undefined
        ? eq(mappings.partnerId, partnerId)
        : and(eq(mappings.partnerId, partnerId), eq(mappings.documentType, document)),
    )
    .orderBy(asc(mappings.documentType), asc(mappings.version));
  return rows as MappingVersionSummary[];
}

/** One stored version with its content validated; `request.not_found` when there is none. */
export async function storedVersion(
  db: Database,
  partnerId: string,
  document: MappingDocument,
  version: number,
): Promise<StoredVersion> {
  const id = mappingId(partnerId, document, version);
  const [row] = await db
    .select({ ...columns, content: mappings.content })
    .from(mappings)
    .where(eq(mappings.id, id));
  if (!row) throw permanent('request.not_found', `no mapping version ${id}`);
  const content = StoredMappingContent.safeParse(row.content);
  if (!content.success)
    throw permanent('mapping.stored_invalid', `stored mapping ${id} is not a valid mapping`, {
      details: content.error.issues,
    });
  return { ...(row as MappingVersionSummary), content: content.data, file: content.data.file };
}

/** The active version of a partner's document, if it has one. */
export async function activeVersion(
  db: Database,
  partnerId: string,
  document: MappingDocument,
): Promise<StoredVersion | undefined> {
  const [row] = await db
    .select({ version: mappings.version })
    .from(mappings)
    .where(
      and(
        eq(mappings.partnerId, partnerId),
        eq(mappings.documentType, document),
        eq(mappings.status, 'active'),
      ),
    );
  return row ? storedVersion(db, partnerId, document, row.version) : undefined;
}
