import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OrderMappingFile } from './order-mapping.schema.ts';
import { OutboundMappingFile } from './outbound-mapping.schema.ts';
import { PartnerFile } from './partner-file.schema.ts';
import { SpreadsheetMappingFile } from './spreadsheet-mapping.schema.ts';

/**
 * JSON Schemas of the mapping files for editors (`# yaml-language-server: $schema=../mapping.schema.json`)
 * and non-TypeScript tooling, generated from the zod schemas so the two cannot drift (a test compares them).
 * Refinements (qualifier uniqueness, path-expression syntax) are not expressible and stay in zod.
 */
export function mappingJsonSchemas(): Record<
  | 'mapping.schema.json'
  | 'outbound-mapping.schema.json'
  | 'spreadsheet-mapping.schema.json'
  | 'partner.schema.json',
  string
> {
  const render = (schema: z.ZodType, title: string) => {
    const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' });
    return `${JSON.stringify({ $schema, title, ...rest }, null, 2)}\n`;
  };
  return {
    'mapping.schema.json': render(OrderMappingFile, 'ordergate X12 order mapping (850/860)'),
    'outbound-mapping.schema.json': render(
      OutboundMappingFile,
      'ordergate X12 outbound mapping (855/856/810)',
    ),
    'spreadsheet-mapping.schema.json': render(
      SpreadsheetMappingFile,
      'ordergate spreadsheet order mapping (CSV/XLSX order forms)',
    ),
    'partner.schema.json': render(PartnerFile, 'ordergate partner'),
  };
}

/** Writes the schemas into a mappings directory: `node --import tsx src/mapping/json-schema.ts [dir]`. */
export async function writeMappingJsonSchemas(directory: string): Promise<void> {
  for (const [name, text] of Object.entries(mappingJsonSchemas())) {
    await writeFile(path.join(directory, name), text);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeMappingJsonSchemas(process.argv[2] ?? 'mappings');
}
