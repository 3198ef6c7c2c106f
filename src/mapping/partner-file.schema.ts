import { z } from 'zod';
import { PartnerIdentifier, PartnerInput, PartnerSettings } from '../core/partner.ts';
import { MappingDocument } from './mapping-file.ts';

/**
 * `mappings/<partner>/partner.yaml`: who the partner is, how to recognise them, the agreement's settings
 * (core PartnerSettings, unknown keys rejected so a typo is not silently ignored) and which mapping version
 * is active per document type.
 */
export const PartnerFile = z.strictObject({
  id: PartnerInput.shape.id,
  name: PartnerInput.shape.name,
  identifiers: z.array(PartnerIdentifier).default([]),
  settings: z.strictObject(PartnerSettings.shape).default({}),
  /** Active mapping version per document type; the highest version on disk when a type is not listed. */
  activeVersions: z.partialRecord(MappingDocument, z.number().int().positive()).optional(),
});
export type PartnerFile = z.infer<typeof PartnerFile>;
