import { defaultOrderMapping } from './default-order-mapping.ts';
import { type OrderMappingFile, ResolvedOrderMapping } from './order-mapping.schema.ts';

type QualifierTable = Partial<Record<string, string[]>>;

/**
 * A partner's list for a field replaces the default list for that field, and a qualifier the partner
 * places anywhere is taken out of every default list, so `sku: [VN]` moves VN away from vendorItem.
 */
function mergeQualifiers<T extends QualifierTable>(base: T, override: T | undefined): T {
  if (!override) return base;
  const claimed = new Set(Object.values(override).flatMap((codes) => codes ?? []));
  const merged: QualifierTable = {};
  for (const [field, codes] of Object.entries(base)) {
    merged[field] = (codes ?? []).filter((code) => !claimed.has(code));
  }
  for (const [field, codes] of Object.entries(override)) merged[field] = [...(codes ?? [])];
  return merged as T;
}

export interface ResolveOptions {
  /** The partner's `settings.defaultCurrency`, used when the mapping file sets no `defaults.currency`. */
  defaultCurrency?: string;
  /** What to merge onto; the built-in default of the file's document type unless given. */
  base?: ResolvedOrderMapping;
}

/** Merges a partner mapping file onto the default: tables key by key, overrides appended after the base's. */
export function resolveOrderMapping(
  file: OrderMappingFile,
  options: ResolveOptions = {},
): ResolvedOrderMapping {
  const base = options.base ?? defaultOrderMapping(file.document);
  return ResolvedOrderMapping.parse({
    document: file.document,
    version: file.version,
    parties: mergeQualifiers(base.parties, file.parties),
    items: mergeQualifiers(base.items, file.items),
    references: mergeQualifiers(base.references, file.references),
    dates: mergeQualifiers(base.dates, file.dates),
    codes: {
      uom: { ...base.codes.uom, ...file.codes?.uom },
      orderType: { ...base.codes.orderType, ...file.codes?.orderType },
      purpose: { ...base.codes.purpose, ...file.codes?.purpose },
      change: { ...base.codes.change, ...file.codes?.change },
    },
    defaults: {
      currency: file.defaults?.currency ?? options.defaultCurrency ?? base.defaults.currency,
      uom: file.defaults?.uom ?? base.defaults.uom,
    },
    contacts: file.contacts ?? base.contacts,
    checks: { ...base.checks, ...file.checks },
    overrides: [...base.overrides, ...(file.overrides ?? [])],
  });
}
