import { permanent } from '../../core/errors.ts';
import { type SpreadsheetField, SpreadsheetMappingFile } from '../../mapping/spreadsheet-mapping.schema.ts';
import { mappingYaml } from './mapping-yaml.ts';

/** What a person chose in the column matcher. */
export interface ColumnChoices {
  /** The number the YAML carries (the store renumbers a new draft to the next free version anyway). */
  version?: number;
  locale: { decimal: ',' | '.'; dateOrder: 'dmy' | 'mdy' | 'ymd' };
  /** Each column of the sample by its header, with the field it feeds ('' or absent: not read). */
  columns: { header: string; letter: string; field?: SpreadsheetField | '' }[];
  identifier?: 'buyerItem' | 'sku' | 'gtin';
  defaults?: { currency?: string; uom?: string; shipTo?: string };
  sheet?: string;
}

/**
 * Writes a spreadsheet mapping's YAML from the column matcher's choices: each matched column by its header
 * as the partner writes it (a column without a header by its letter), the locale, and the defaults left
 * non-empty. Throws `mapping.draft_invalid` when two columns feed one field or the result fails the schema;
 * each problem's path names the form field (`columns.3.field`, `locale.decimal`).
 */
export function spreadsheetMappingYaml(choices: ColumnChoices): string {
  const problems: { path: string; message: string }[] = [];
  const columns: Partial<Record<SpreadsheetField, { headers: string[] } | { position: string }>> = {};
  const taken = new Map<SpreadsheetField, number>();
  for (const [index, column] of choices.columns.entries()) {
    if (!column.field) continue;
    const first = taken.get(column.field);
    if (first !== undefined) {
      problems.push({
        path: `columns.${index}.field`,
        message: `${column.field} is already read from column ${choices.columns[first]!.letter}`,
      });
      continue;
    }
    taken.set(column.field, index);
    columns[column.field] =
      column.header.trim() === '' ? { position: column.letter } : { headers: [column.header.trim()] };
  }
  const defaults = Object.fromEntries(
    Object.entries(choices.defaults ?? {}).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = SpreadsheetMappingFile.safeParse({
    document: 'spreadsheet',
    version: choices.version ?? 1,
    ...(choices.sheet ? { sheet: choices.sheet } : {}),
    locale: choices.locale,
    columns,
    ...(choices.identifier ? { identifier: choices.identifier } : {}),
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
  });
  if (!parsed.success)
    problems.push(...parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  if (problems.length > 0 || !parsed.success)
    throw permanent('mapping.draft_invalid', 'the column choices do not make a valid mapping', {
      details: problems,
    });
  return mappingYaml(parsed.data);
}
