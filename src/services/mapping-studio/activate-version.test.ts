import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useStudio } from '../../../test/support/mapping-studio.ts';
import { databaseKinds } from '../../../test/support/services.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { syncMappingsDir } from '../../partners/mapping-store.ts';
import { activateVersion } from './activate-version.ts';
import { createDraft } from './drafts.ts';
import { listMappingVersions } from './mapping-versions.ts';

/** The partner's versions of one document as `vN status`. */
async function statuses(db: Database, partnerId: string, document: '850' | 'spreadsheet'): Promise<string[]> {
  return (await listMappingVersions(db, partnerId, document)).map((v) => `v${v.version} ${v.status}`);
}

async function mappingAudit(db: Database, actor: string) {
  return db
    .select({ action: auditEvents.action, entityId: auditEvents.entityId, after: auditEvents.after })
    .from(auditEvents)
    .where(eq(auditEvents.actor, actor))
    .orderBy(asc(auditEvents.id));
}

describe.each(databaseKinds())('mapping activation on $name', (kind) => {
  const studio = useStudio(kind);
  const activate = (version: number, sample?: { bytes: Uint8Array; filename?: string }) =>
    activateVersion(
      studio.t.handle.db,
      { partnerId: 'harbor-pine', document: '850', version, ...(sample ? { sample } : {}) },
      'user:u1',
      { mappingsDir: studio.dir },
    );

  it('refuses a draft failing its golden fixtures, activates and rolls back audited, and survives restarts', async () => {
    const db = studio.t.handle.db;
    const v1 = await createDraft(
      db,
      { partnerId: 'harbor-pine', document: '850', fromVersion: 1 },
      'user:u1',
    );
    const draft = await createDraft(
      db,
      { partnerId: 'harbor-pine', document: '850', yaml: v1.yaml.replace('CA: CS', 'CA: EA') },
      'user:u1',
    );
    // goldens made for version 3 that still expect cases: the draft reads eaches, so it may not go live
    const fixtures = path.join(studio.dir, 'harbor-pine/fixtures');
    cpSync(path.join(fixtures, '850.v1'), path.join(fixtures, '850.v3'), { recursive: true });
    await expect(activate(draft.version)).rejects.toMatchObject({
      code: 'mapping.golden_failed',
      details: expect.arrayContaining([
        { path: '850.v3/store-order-004010.edi', message: expect.stringContaining('expected JSON') },
      ]),
    });
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 active', 'v2 draft', 'v3 draft']);

    // without goldens of its own, the other versions' inputs must still decode without errors
    rmSync(path.join(fixtures, '850.v3'), { recursive: true });
    const activation = await activate(draft.version);
    expect(activation).toMatchObject({ version: 3, previousVersion: 1, golden: { mode: 'others' } });
    expect(activation.golden?.checked).toContain('850.v1/store-order-004010.edi');
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 retired', 'v2 draft', 'v3 active']);

    // a restart with the directory as it was keeps the console's versions and its choice
    let report = await syncMappingsDir(db, studio.dir, 'startup');
    expect(report.activated).toEqual([]);
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 retired', 'v2 draft', 'v3 active']);

    const rollback = await activate(1);
    expect(rollback).toMatchObject({ version: 1, previousVersion: 3, golden: { mode: 'own' } });
    report = await syncMappingsDir(db, studio.dir, 'startup');
    expect(report.activated).toEqual([]);
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 active', 'v2 draft', 'v3 retired']);
    await expect(activate(1)).rejects.toMatchObject({ code: 'mapping.already_active' });

    const events = (await mappingAudit(db, 'user:u1')).filter((e) => e.action !== 'create');
    expect(events).toEqual([
      { action: 'retire', entityId: 'harbor-pine/850/v1', after: { status: 'retired', replacedBy: 3 } },
      {
        action: 'activate',
        entityId: 'harbor-pine/850/v3',
        after: expect.objectContaining({ status: 'active', via: 'mapping-studio', replaces: [1] }),
      },
      { action: 'retire', entityId: 'harbor-pine/850/v3', after: { status: 'retired', replacedBy: 1 } },
      {
        action: 'activate',
        entityId: 'harbor-pine/850/v1',
        after: expect.objectContaining({ status: 'active', via: 'mapping-studio', replaces: [3] }),
      },
    ]);
  });

  it("keeps a console rollback over the directory's choice until the directory brings a new version", async () => {
    const db = studio.t.handle.db;
    const file = (name: string) => path.join(studio.dir, 'harbor-pine', name);
    const v1 = readFileSync(file('850.v1.yaml'), 'utf8');
    const partnerYaml = readFileSync(file('partner.yaml'), 'utf8');
    writeFileSync(file('850.v2.yaml'), v1.replace(/^version: 1$/m, 'version: 2').replace('CA: CS', 'CA: EA'));
    writeFileSync(file('partner.yaml'), partnerYaml.replace("'850': 1", "'850': 2"));
    await syncMappingsDir(db, studio.dir, 'release-2');
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 retired', 'v2 active']);

    await activate(1);
    const report = await syncMappingsDir(db, studio.dir, 'release-2-restart');
    expect(report.activated).toEqual([]);
    expect(report.warnings).toEqual([
      expect.stringContaining('harbor-pine 850: version 1 was activated in the console'),
    ]);
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 active', 'v2 retired']);

    writeFileSync(file('850.v3.yaml'), v1.replace(/^version: 1$/m, 'version: 3'));
    writeFileSync(file('partner.yaml'), partnerYaml.replace("'850': 1", "'850': 3"));
    await syncMappingsDir(db, studio.dir, 'release-3');
    expect(await statuses(db, 'harbor-pine', '850')).toEqual(['v1 retired', 'v2 retired', 'v3 active']);
  });

  it('asks for a sample when the partner has no golden fixture of the document', async () => {
    const db = studio.t.handle.db;
    const yaml = "document: spreadsheet\nversion: 1\nlocale:\n  decimal: '.'\n  dateOrder: ymd\n";
    const draft = await createDraft(
      db,
      { partnerId: 'xyz-retail', document: 'spreadsheet', yaml },
      'user:u1',
    );
    const input = { partnerId: 'xyz-retail', document: 'spreadsheet' as const, version: draft.version };
    await expect(activateVersion(db, input, 'user:u1', { mappingsDir: studio.dir })).rejects.toMatchObject({
      code: 'mapping.sample_required',
    });
    const sample = readFileSync(
      fileURLToPath(
        new URL('../../../test/fixtures/spreadsheets/en_order_form_comma_utf8.csv', import.meta.url),
      ),
    );
    const activation = await activateVersion(
      db,
      { ...input, sample: { bytes: sample, filename: 'order.csv' } },
      'user:u1',
      { mappingsDir: studio.dir },
    );
    expect(activation.golden).toMatchObject({ mode: 'none', sample: 'decoded' });
    expect(await statuses(db, 'xyz-retail', 'spreadsheet')).toEqual(['v1 active']);
  });
});
