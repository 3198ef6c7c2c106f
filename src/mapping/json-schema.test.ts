import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mappingJsonSchemas } from './json-schema.ts';

const MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

describe('mapping JSON Schemas', () => {
  it.each(Object.entries(mappingJsonSchemas()))('mappings/%s is up to date', (name, expected) => {
    const onDisk = readFileSync(`${MAPPINGS}${name}`, 'utf8');
    // regenerate with: node --import tsx src/mapping/json-schema.ts
    expect(onDisk, `mappings/${name} is stale: run node --import tsx src/mapping/json-schema.ts`).toBe(
      expected,
    );
  });

  it('describes the mapping file keys and the partner file keys', () => {
    const mapping = JSON.parse(mappingJsonSchemas()['mapping.schema.json']);
    expect(mapping).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['document', 'version'],
    });
    expect(Object.keys(mapping.properties)).toContain('overrides');
    const partner = JSON.parse(mappingJsonSchemas()['partner.schema.json']);
    expect(partner.required).toEqual(['id', 'name']);
  });
});
