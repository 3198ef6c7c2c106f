import { z } from 'zod';
import { CurrencyCode } from '../core/primitives.ts';
import { AnyMappingFile, type MappingDocument } from './mapping-file.ts';

/**
 * What a `mappings` row's `content` holds (format 1): the validated mapping file exactly as parsed from YAML,
 * plus the one input from outside the file that resolution uses, the partner's `settings.defaultCurrency`
 * as it was when the version was first stored. The resolved mapping is rebuilt from these with
 * `resolveMapping`, the same call the loader makes, so the database needs no disk to reproduce it.
 * The built-in default is code and is not frozen into the row: it changes with a release, as the decoder does.
 */
export const StoredMappingContent = z.strictObject({
  format: z.literal(1),
  file: AnyMappingFile,
  defaultCurrency: CurrencyCode.optional(),
});
export type StoredMappingContent = z.infer<typeof StoredMappingContent>;

/** The row id of a mapping version: deterministic, so every process names a version the same way. */
export function mappingId(partnerId: string, document: MappingDocument, version: number): string {
  return `${partnerId}/${document}/v${version}`;
}

/** A mapping version as the store reports it. */
export interface MappingRef {
  partnerId: string;
  document: MappingDocument;
  version: number;
  sha256: string;
}

/** What one {@link syncMappings} call changed. An unchanged database gives empty lists. */
export interface SyncReport {
  /** Versions on disk that were not stored yet and now are. */
  inserted: MappingRef[];
  /** Activation changes: `version` became active, `previousVersion` (if any) was retired. */
  activated: { partnerId: string; document: MappingDocument; version: number; previousVersion?: number }[];
  /** Versions on disk already stored with the same sha256. */
  unchanged: number;
  /** Partners of a partner.yaml that had no row yet (created without an API key). */
  partnersCreated: string[];
  /** Partners whose stored name, identifiers or settings differed from their partner.yaml, and now match it. */
  partnersUpdated: string[];
  /** Things left as they are on purpose, worth an operator's look (stale directory, changed currency). */
  warnings: string[];
}

export const emptySyncReport = (): SyncReport => ({
  inserted: [],
  activated: [],
  unchanged: 0,
  partnersCreated: [],
  partnersUpdated: [],
  warnings: [],
});
