import { and, eq, max } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { withAdvisoryLock } from '../../db/locks.ts';
import { mappings } from '../../db/schema.ts';
import { isOrderDocument, type MappingDocument, type MappingFile } from '../../mapping/mapping-file.ts';
import { mappingId, type StoredMappingContent } from '../../mapping/stored-mapping.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';
import { activeVersion, type StoredVersion, storedVersion } from './mapping-versions.ts';
import { mappingYaml, validateMappingYaml, yamlSha256 } from './mapping-yaml.ts';

/** What a new draft starts from: YAML written in the console, a stored version to copy, else the active one. */
export interface NewDraft {
  partnerId: string;
  document: MappingDocument;
  fromVersion?: number;
  yaml?: string;
}

/** A draft as the studio shows it after a change: its number and its YAML as stored. */
export interface DraftSaved {
  id: string;
  version: number;
  yaml: string;
}

/** `mapping.draft_invalid` listing each problem (path, and line/column when the YAML has them). */
function invalidDraft(check: ReturnType<typeof validateMappingYaml>): never {
  throw permanent('mapping.draft_invalid', 'the mapping YAML is not valid', { details: check.problems });
}

/** The YAML text a new draft is made of, with its version number set to `version`. */
async function draftFile(db: Database, input: NewDraft, version: number): Promise<MappingFile> {
  if (input.yaml !== undefined) {
    // the author may have written the number of the version they copied: the store numbers versions
    const check = validateMappingYaml(input.yaml, input.document);
    if (check.file === undefined) invalidDraft(check);
    return { ...check.file, version } as MappingFile;
  }
  const from: StoredVersion | undefined =
    input.fromVersion === undefined
      ? await activeVersion(db, input.partnerId, input.document)
      : await storedVersion(db, input.partnerId, input.document, input.fromVersion);
  if (from === undefined)
    throw permanent(
      'mapping.draft_invalid',
      `${input.partnerId} has no active ${input.document} mapping to copy: write the YAML`,
      { details: [{ path: 'yaml', message: 'required: there is no version to start from' }] },
    );
  return { ...from.file, version } as MappingFile;
}

/**
 * Stores a new draft version of a partner's mapping (the highest version stored + 1), from YAML or as a copy
 * of a stored version (default: the active one). The content is validated with the loader's schemas and kept
 * as the store keeps a file's ({@link StoredMappingContent}), so activating it later needs nothing else.
 * A draft decodes nothing until it is activated. Audited as `create` with the actor.
 */
export async function createDraft(db: Database, input: NewDraft, actor: string): Promise<DraftSaved> {
  const partner = await partnerAgreement(db, input.partnerId);
  if (partner === undefined) throw permanent('request.not_found', `no partner ${input.partnerId}`);
  return db.transaction(async (tx) => {
    // the same lock as the start-up sync: two new drafts, or a draft and a new file, never take one number
    await withAdvisoryLock(tx, 'mappingSync');
    const [top] = await tx
      .select({ version: max(mappings.version) })
      .from(mappings)
      .where(and(eq(mappings.partnerId, input.partnerId), eq(mappings.documentType, input.document)));
    const version = (top?.version ?? 0) + 1;
    const file = await draftFile(tx, input, version);
    const currency = partner.settings.defaultCurrency;
    const content: StoredMappingContent = {
      format: 1,
      file,
      // order mappings resolve with the partner's currency, frozen at storage as the sync does
      ...(currency && (isOrderDocument(input.document) || input.document === 'spreadsheet')
        ? { defaultCurrency: currency }
        : {}),
    };
    const yaml = mappingYaml(file);
    const id = mappingId(input.partnerId, input.document, version);
    const sha256 = yamlSha256(yaml);
    await tx.insert(mappings).values({
      id,
      partnerId: input.partnerId,
      documentType: input.document,
      version,
      sha256,
      content,
      status: 'draft',
      createdBy: actor,
    });
    await audit(tx, {
      actor,
      entityType: 'mapping',
      entityId: id,
      action: 'create',
      after: { partnerId: input.partnerId, document: input.document, version, sha256, status: 'draft' },
    });
    return { id, version, yaml };
  });
}

/**
 * Replaces a draft's content with new YAML (validated as {@link createDraft} does; its `version` must be the
 * draft's). Only drafts change: an active or retired version is immutable (`mapping.not_draft`), as a file of
 * `mappings/` is once stored. Audited as `update`, with both hashes.
 */
export async function updateDraft(
  db: Database,
  input: { partnerId: string; document: MappingDocument; version: number; yaml: string },
  actor: string,
): Promise<DraftSaved> {
  const check = validateMappingYaml(input.yaml, input.document, input.version);
  if (check.file === undefined) invalidDraft(check);
  return db.transaction(async (tx) => {
    await withAdvisoryLock(tx, 'mappingSync');
    const stored = await storedVersion(tx, input.partnerId, input.document, input.version);
    if (stored.status !== 'draft')
      throw permanent(
        'mapping.not_draft',
        `${stored.id} is ${stored.status}: only drafts are edited; create a new draft from it`,
      );
    const yaml = mappingYaml(check.file);
    const sha256 = yamlSha256(yaml);
    const content: StoredMappingContent = { ...stored.content, file: check.file };
    await tx.update(mappings).set({ content, sha256 }).where(eq(mappings.id, stored.id));
    await audit(tx, {
      actor,
      entityType: 'mapping',
      entityId: stored.id,
      action: 'update',
      before: { sha256: stored.sha256 },
      after: { sha256 },
    });
    return { id: stored.id, version: input.version, yaml };
  });
}
