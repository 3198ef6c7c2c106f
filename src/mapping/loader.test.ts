import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../core/errors.ts';
import { loadMappings } from './loader.ts';
import type { MappingProblem } from './yaml-file.ts';

const REPO_MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));
const PARTNER = 'id: acme\nname: Acme\nidentifiers: [{ type: x12, qualifier: ZZ, value: ACME }]\n';

function directory(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ordergate-mappings-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function problems(root: string): Promise<MappingProblem[]> {
  const error = await loadMappings(root).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const shape = toGatewayErrorShape(error);
  expect(shape).toMatchObject({ kind: 'permanent', code: 'mapping.invalid' });
  return shape.details as MappingProblem[];
}

describe('loadMappings', () => {
  it('loads the repository mappings, merged onto the default, with each file sha256', async () => {
    const { partners } = await loadMappings(REPO_MAPPINGS);
    expect(partners.map((p) => p.partner.id)).toEqual(['harbor-pine', 'xyz-retail']);
    const harbor = partners[0]!;
    expect(harbor.partner.identifiers).toContainEqual({ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' });
    expect(Object.keys(harbor.mappings).sort()).toEqual(['810', '850', '855', '856', '860', 'spreadsheet']);
    // a spreadsheet mapping is loaded, validated and versioned like the X12 ones
    expect(harbor.mappings.spreadsheet).toMatchObject({
      version: 1,
      file: path.join('harbor-pine', 'spreadsheet.v1.yaml'),
      mapping: { locale: { decimal: '.', dateOrder: 'mdy' }, defaults: { currency: 'USD' } },
    });
    expect(harbor.mappings['856']?.mapping).toMatchObject({ document: '856', hierarchy: 'SOPI' });
    const po = harbor.mappings['850']!;
    expect(po).toMatchObject({ document: '850', version: 1, file: path.join('harbor-pine', '850.v1.yaml') });
    expect(po.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(REPO_MAPPINGS, po.file)))
        .digest('hex'),
    );
    expect(po.mapping.parties.markFor).toEqual(['Z7']);
    expect(po.mapping.codes.uom).toEqual({ CA: 'CS' });
    expect(po.mapping.items.sku).toEqual(['SK']);
    expect(partners[1]!.mappings['860']).toBeUndefined();
  });

  it('activates the highest version unless partner.yaml names one, and keeps every version', async () => {
    const v = (n: number) => `document: '850'\nversion: ${n}\ndefaults: { uom: E${n} }\n`;
    const files = { 'acme/partner.yaml': PARTNER, 'acme/850.v1.yaml': v(1), 'acme/850.v2.yaml': v(2) };
    const latest = await loadMappings(directory(files));
    expect(latest.partners[0]?.mappings['850']?.mapping.defaults.uom).toBe('E2');
    expect(latest.partners[0]?.versions.map((m) => m.version)).toEqual([1, 2]);
    const pinned = await loadMappings(
      directory({ ...files, 'acme/partner.yaml': `${PARTNER}activeVersions: { '850': 1 }\n` }),
    );
    expect(pinned.partners[0]?.mappings['850']?.version).toBe(1);
  });

  it("uses the partner's default currency when the mapping sets none", async () => {
    const { partners } = await loadMappings(
      directory({
        'acme/partner.yaml': `${PARTNER}settings: { defaultCurrency: CAD }\n`,
        'acme/850.v1.yaml': "document: '850'\nversion: 1\n",
      }),
    );
    expect(partners[0]?.mappings['850']?.mapping.defaults.currency).toBe('CAD');
  });

  it('reports schema problems with file, line, column and path', async () => {
    const root = directory({
      'acme/partner.yaml': PARTNER,
      'acme/850.v1.yaml': "document: '850'\nversion: 1\nitems:\n  vendorItem: [VN, vp]\n",
    });
    expect(await problems(root)).toEqual([
      {
        file: path.join('acme', '850.v1.yaml'),
        line: 4,
        column: 20,
        path: 'items.vendorItem.1',
        message: 'must be an X12 code of 1-3 upper-case letters or digits',
      },
    ]);
  });

  it('collects every problem of a directory in one error', async () => {
    const root = directory({
      'acme/partner.yaml': `${PARTNER}activeVersions: { '860': 4 }\n`,
      'acme/850.v1.yaml': "document: '850'\nversion: [1\n",
      'acme/850.v2.yaml': "document: '860'\nversion: 2\n",
      'acme/997.v1.yaml': "document: '997'\n",
      'other/partner.yaml': PARTNER,
      'empty/notes.txt': 'no partner.yaml here',
    });
    const found = await problems(root);
    expect(found.map((p) => [p.file, p.path, p.message.split('\n')[0]])).toEqual([
      [path.join('acme', '850.v1.yaml'), '', expect.stringContaining('Flow sequence')],
      [path.join('acme', '850.v2.yaml'), '', 'file says document 860 version 2, its name says 850 version 2'],
      [
        path.join('acme', '997.v1.yaml'),
        '',
        'not a mapping file name: expected <document>.v<N>.yaml, document one of 810, 850, 855, 856, 860, 865, spreadsheet',
      ],
      [path.join('acme', 'partner.yaml'), 'activeVersions.860', 'no file 860.v4.yaml'],
      [path.join('empty', 'partner.yaml'), '', 'missing: every partner directory needs a partner.yaml'],
      [path.join('other', 'partner.yaml'), 'id', 'id "acme" differs from its directory name'],
    ]);
    expect(found[0]?.line).toBe(3); // where the unclosed flow sequence was still open
  });
});
