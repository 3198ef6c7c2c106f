import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useStudio } from '../../../test/support/mapping-studio.ts';
import { databaseKinds } from '../../../test/support/services.ts';
import { auditEvents } from '../../db/schema.ts';
import { createDraft, updateDraft } from './drafts.ts';
import { listMappingVersions } from './mapping-versions.ts';
import { validateMappingYaml } from './mapping-yaml.ts';

describe('validateMappingYaml', () => {
  it('names the line and column of a schema problem and of a YAML syntax error', () => {
    const wrong = "document: '850'\nversion: 2\ncodes:\n  uom:\n    CA: CS\nchecks:\n  amountTotal: maybe\n";
    expect(validateMappingYaml(wrong, '850').problems).toEqual([
      expect.objectContaining({ line: 7, column: 16, path: 'checks.amountTotal' }),
    ]);
    const broken = "document: '850'\nversion: 2\ncodes: [\n";
    expect(validateMappingYaml(broken, '850').problems[0]).toMatchObject({
      line: expect.any(Number),
      path: '',
    });
    const aliases = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcd'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abc'[i]}`).join(', ')}]`),
    ];
    expect(
      validateMappingYaml(`${aliases.join('\n')}\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`, '850').problems,
    ).toEqual([{ path: '', message: expect.stringContaining('alias') }]);
    expect(validateMappingYaml("document: '850'\nversion: 3\n", '850', 2).problems).toEqual([
      { path: 'version', message: 'must be 2, the number of this version' },
    ]);
  });
});

describe.each(databaseKinds())('mapping drafts on $name', (kind) => {
  const studio = useStudio(kind);

  it('creates a draft from the active version, edits it, and keeps active versions immutable', async () => {
    const db = studio.t.handle.db;
    const draft = await createDraft(db, { partnerId: 'harbor-pine', document: '850' }, 'user:u1');
    expect(draft).toMatchObject({ id: 'harbor-pine/850/v2', version: 2 });
    expect(draft.yaml).toContain('version: 2');
    expect(draft.yaml).toContain('CA: CS');
    const listed = await listMappingVersions(db, 'harbor-pine', '850');
    expect(listed.map((v) => `${v.version} ${v.status} ${v.createdBy}`)).toEqual([
      '1 active null',
      '2 draft user:u1',
    ]);

    const edited = await updateDraft(
      db,
      { partnerId: 'harbor-pine', document: '850', version: 2, yaml: draft.yaml.replace('CA: CS', 'CA: EA') },
      'user:u1',
    );
    expect(edited.yaml).toContain('CA: EA');
    const [after] = await listMappingVersions(db, 'harbor-pine', '850').then((all) => all.slice(1));
    expect(after!.sha256).not.toBe(listed[1]!.sha256);

    // the YAML must carry the number of the version it replaces
    await expect(
      updateDraft(db, { partnerId: 'harbor-pine', document: '850', version: 1, yaml: draft.yaml }, 'user:u1'),
    ).rejects.toMatchObject({ code: 'mapping.draft_invalid' });
    await expect(
      updateDraft(
        db,
        {
          partnerId: 'harbor-pine',
          document: '850',
          version: 1,
          yaml: draft.yaml.replace('version: 2', 'version: 1'),
        },
        'user:u1',
      ),
    ).rejects.toMatchObject({ code: 'mapping.not_draft' });

    const events = await db
      .select({ action: auditEvents.action, entityId: auditEvents.entityId, actor: auditEvents.actor })
      .from(auditEvents)
      .where(eq(auditEvents.actor, 'user:u1'))
      .orderBy(asc(auditEvents.id));
    expect(events).toEqual([
      { action: 'create', entityId: 'harbor-pine/850/v2', actor: 'user:u1' },
      { action: 'update', entityId: 'harbor-pine/850/v2', actor: 'user:u1' },
    ]);
  });

  it('refuses a draft whose YAML fails the schema, each problem with its line', async () => {
    const yaml = "document: spreadsheet\nversion: 1\nlocale:\n  decimal: ';'\n  dateOrder: dmy\n";
    await expect(
      createDraft(studio.t.handle.db, { partnerId: 'xyz-retail', document: 'spreadsheet', yaml }, 'user:u1'),
    ).rejects.toMatchObject({
      code: 'mapping.draft_invalid',
      details: [expect.objectContaining({ path: 'locale.decimal', line: 4, column: 12 })],
    });
    expect(await listMappingVersions(studio.t.handle.db, 'xyz-retail', 'spreadsheet')).toEqual([]);
  });
});
