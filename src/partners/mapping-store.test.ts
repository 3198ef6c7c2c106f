import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase, tempDir } from '../../test/support/services.ts';
import { toGatewayErrorShape } from '../core/errors.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { auditEvents, mappings } from '../db/schema.ts';
import { type LoadedPartner, loadMappings } from '../mapping/loader.ts';
import { activeMappings, syncMappings, syncMappingsDir } from './mapping-store.ts';

const REPO_MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

/** The stored rows as `partner document vN status`, in a stable order. */
async function rows(db: Database): Promise<string[]> {
  const all = await db
    .select()
    .from(mappings)
    .orderBy(asc(mappings.partnerId), asc(mappings.documentType), asc(mappings.version));
  return all.map((r) => `${r.partnerId} ${r.documentType} v${r.version} ${r.status}`);
}

async function audit(db: Database): Promise<string[]> {
  const all = await db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityType, 'mapping'))
    .orderBy(asc(auditEvents.id));
  return all.map((e) => `${e.action} ${e.entityId} by ${e.actor}`);
}

/** What `activeMappings` should return for a partner, computed from the files alone. */
function expectedActive(partner: LoadedPartner) {
  return Object.fromEntries(
    Object.entries(partner.mappings).map(([document, v]) => [
      document,
      { version: v.version, sha256: v.sha256, mapping: v.mapping },
    ]),
  );
}

describe.each(databaseKinds())('mapping store on $name', (kind) => {
  let t: TestDatabase;
  let tmp: { dir: string; remove(): void };
  /** A scratch copy of the repository's mappings, free to change. */
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const edit = (name: string, change: (text: string) => string) =>
    writeFileSync(file(name), change(readFileSync(file(name), 'utf8')));

  beforeEach(async () => {
    t = await kind.create();
    tmp = tempDir('ordergate-mappings-');
    dir = path.join(tmp.dir, 'mappings');
    cpSync(REPO_MAPPINGS, dir, { recursive: true });
  });
  afterEach(async () => {
    await t?.dispose();
    tmp?.remove();
  });

  it('stores every version on disk and serves the same resolved mappings the loader gives', async () => {
    const loaded = await loadMappings(REPO_MAPPINGS);
    const report = await syncMappings(t.handle.db, loaded, 'test');
    expect(report.inserted.map((r) => `${r.partnerId} ${r.document} v${r.version}`)).toEqual([
      'harbor-pine 810 v1',
      'harbor-pine 850 v1',
      'harbor-pine 855 v1',
      'harbor-pine 856 v1',
      'harbor-pine 860 v1',
      'harbor-pine spreadsheet v1',
      'xyz-retail 810 v1',
      'xyz-retail 850 v1',
      'xyz-retail 855 v1',
      'xyz-retail 856 v1',
    ]);
    expect(report.activated).toHaveLength(10);
    expect(report.partnersCreated).toEqual(['harbor-pine', 'xyz-retail']);
    expect(report.warnings).toEqual([]);
    expect(await rows(t.handle.db)).toEqual([
      'harbor-pine 810 v1 active',
      'harbor-pine 850 v1 active',
      'harbor-pine 855 v1 active',
      'harbor-pine 856 v1 active',
      'harbor-pine 860 v1 active',
      'harbor-pine spreadsheet v1 active',
      'xyz-retail 810 v1 active',
      'xyz-retail 850 v1 active',
      'xyz-retail 855 v1 active',
      'xyz-retail 856 v1 active',
    ]);
    expect(await audit(t.handle.db)).toEqual([
      'create harbor-pine/810/v1 by test',
      'create harbor-pine/850/v1 by test',
      'create harbor-pine/855/v1 by test',
      'create harbor-pine/856/v1 by test',
      'create harbor-pine/860/v1 by test',
      'create harbor-pine/spreadsheet/v1 by test',
      'create xyz-retail/810/v1 by test',
      'create xyz-retail/850/v1 by test',
      'create xyz-retail/855/v1 by test',
      'create xyz-retail/856/v1 by test',
      'activate harbor-pine/810/v1 by test',
      'activate harbor-pine/850/v1 by test',
      'activate harbor-pine/855/v1 by test',
      'activate harbor-pine/856/v1 by test',
      'activate harbor-pine/860/v1 by test',
      'activate harbor-pine/spreadsheet/v1 by test',
      'activate xyz-retail/810/v1 by test',
      'activate xyz-retail/850/v1 by test',
      'activate xyz-retail/855/v1 by test',
      'activate xyz-retail/856/v1 by test',
    ]);
    for (const partner of loaded.partners) {
      const active = await activeMappings(t.handle.db, partner.partner.id);
      expect(active).toEqual(expectedActive(partner));
      // Served from the cache the second time, still equal and not mutable by a caller.
      const again = await activeMappings(t.handle.db, partner.partner.id);
      expect(again['850']!.mapping).toBe(active['850']!.mapping);
      expect(Object.isFrozen(again['850']!.mapping.codes.uom)).toBe(true);
    }
    expect(await activeMappings(t.handle.db, 'nobody')).toEqual({});
  });

  it('changes nothing and writes no audit event when run again', async () => {
    await syncMappingsDir(t.handle.db, dir, 'first');
    const before = { rows: await rows(t.handle.db), audit: await audit(t.handle.db) };
    const report = await syncMappingsDir(t.handle.db, dir, 'second');
    expect(report).toEqual({
      inserted: [],
      activated: [],
      unchanged: 10,
      partnersCreated: [],
      partnersUpdated: [],
      warnings: [],
    });
    expect({ rows: await rows(t.handle.db), audit: await audit(t.handle.db) }).toEqual(before);

    // A stored version keeps the partner currency it was resolved with; a changed one is reported, not applied.
    edit('xyz-retail/partner.yaml', (text) => text.replace('defaultCurrency: USD', 'defaultCurrency: CAD'));
    const warned = await syncMappingsDir(t.handle.db, dir, 'third');
    expect(warned.warnings).toEqual([expect.stringMatching(/^xyz-retail\/850\/v1: .* CAD, .* USD/)]);
    expect((await activeMappings(t.handle.db, 'xyz-retail'))['850']!.mapping.defaults.currency).toBe('USD');
    expect(await audit(t.handle.db)).toEqual(before.audit);
  });

  it('refuses a stored version whose file changed, and writes nothing else of that sync', async () => {
    await syncMappingsDir(t.handle.db, dir, 'test');
    const before = { rows: await rows(t.handle.db), audit: await audit(t.handle.db) };
    const served = await activeMappings(t.handle.db, 'harbor-pine');
    edit('harbor-pine/850.v1.yaml', (text) => text.replace('CA: CS', 'CA: EA'));
    // A new version in the same sync must not be stored either: the transaction is all or nothing.
    writeFileSync(
      file('xyz-retail/850.v2.yaml'),
      readFileSync(file('xyz-retail/850.v1.yaml'), 'utf8').replace(/^version: 1$/m, 'version: 2'),
    );
    const error = await syncMappingsDir(t.handle.db, dir, 'test').catch((caught: unknown) => caught);
    const shape = toGatewayErrorShape(error);
    expect(shape).toMatchObject({ kind: 'permanent', code: 'mapping.changed' });
    expect(shape.message).toMatch(/harbor-pine 850 v1 \(harbor-pine\/850\.v1\.yaml\)/);
    expect(shape.message).toMatch(/add a new version/);
    expect(shape.message).toMatch(/add harbor-pine\/850\.v2\.yaml/);
    expect(shape.message).not.toMatch(/860/);
    expect({ rows: await rows(t.handle.db), audit: await audit(t.handle.db) }).toEqual(before);
    expect(await activeMappings(t.handle.db, 'harbor-pine')).toEqual(served);
  });

  it('activates a new version named by activeVersions, retires the old one, and can roll back', async () => {
    await syncMappingsDir(t.handle.db, dir, 'test');
    const v1 = await activeMappings(t.handle.db, 'harbor-pine');
    writeFileSync(
      file('harbor-pine/850.v2.yaml'),
      readFileSync(file('harbor-pine/850.v1.yaml'), 'utf8')
        .replace(/^version: 1$/m, 'version: 2')
        .replace('CA: CS', 'CA: EA'),
    );
    // Stored, but not active while activeVersions still names v1.
    let report = await syncMappingsDir(t.handle.db, dir, 'test');
    expect(report.inserted.map((r) => r.version)).toEqual([2]);
    expect(report.activated).toEqual([]);
    expect(await rows(t.handle.db)).toContain('harbor-pine 850 v2 retired');
    expect(await activeMappings(t.handle.db, 'harbor-pine')).toEqual(v1);

    edit('harbor-pine/partner.yaml', (text) => text.replace("'850': 1", "'850': 2"));
    const auditBefore = (await audit(t.handle.db)).length;
    report = await syncMappingsDir(t.handle.db, dir, 'release-2');
    expect(report.inserted).toEqual([]);
    expect(report.activated).toEqual([
      { partnerId: 'harbor-pine', document: '850', version: 2, previousVersion: 1 },
    ]);
    expect((await rows(t.handle.db)).filter((r) => r.startsWith('harbor-pine'))).toEqual([
      'harbor-pine 810 v1 active',
      'harbor-pine 850 v1 retired',
      'harbor-pine 850 v2 active',
      'harbor-pine 855 v1 active',
      'harbor-pine 856 v1 active',
      'harbor-pine 860 v1 active',
      'harbor-pine spreadsheet v1 active',
    ]);
    expect((await audit(t.handle.db)).slice(auditBefore)).toEqual([
      'retire harbor-pine/850/v1 by release-2',
      'activate harbor-pine/850/v2 by release-2',
    ]);
    const loaded = await loadMappings(dir);
    const v2 = await activeMappings(t.handle.db, 'harbor-pine');
    expect(v2).toEqual(expectedActive(loaded.partners[0]!));
    expect(v2['850']!.mapping.codes.uom.CA).toBe('EA');
    expect(v2['860']).toEqual(v1['860']);

    // An older deployment (the repository's directory has no v2) must not switch the database back.
    report = await syncMappingsDir(t.handle.db, REPO_MAPPINGS, 'old-release');
    expect(report.activated).toEqual([]);
    expect(report.warnings).toEqual([expect.stringMatching(/harbor-pine 850: .*version\(s\) 2, newer/)]);
    expect(await activeMappings(t.handle.db, 'harbor-pine')).toEqual(v2);

    // A directory that knows v2 may roll back to v1 on purpose.
    edit('harbor-pine/partner.yaml', (text) => text.replace("'850': 2", "'850': 1"));
    report = await syncMappingsDir(t.handle.db, dir, 'rollback');
    expect(report.activated).toEqual([
      { partnerId: 'harbor-pine', document: '850', version: 1, previousVersion: 2 },
    ]);
    expect(await activeMappings(t.handle.db, 'harbor-pine')).toEqual(v1);
  });

  it('does nothing for a missing directory', async () => {
    const report = await syncMappingsDir(t.handle.db, path.join(tmp.dir, 'absent'), 'test');
    expect(report).toEqual({
      inserted: [],
      activated: [],
      unchanged: 0,
      partnersCreated: [],
      partnersUpdated: [],
      warnings: [],
    });
    expect(await rows(t.handle.db)).toEqual([]);
  });

  it.runIf(kind.name === 'postgres')('lets processes sync at the same time', async () => {
    const others = await Promise.all([openDatabase(t.target), openDatabase(t.target)]);
    try {
      const loaded = await loadMappings(dir);
      const reports = await Promise.all(
        [t.handle.db, ...others.map((o) => o.db), t.handle.db].map((db, i) =>
          syncMappings(db, loaded, `process-${i}`),
        ),
      );
      // Exactly one of them stored and activated everything; the others found it done.
      expect(reports.map((r) => r.inserted.length).sort()).toEqual([0, 0, 0, 10]);
      expect(reports.map((r) => r.activated.length).sort()).toEqual([0, 0, 0, 10]);
      expect(reports.map((r) => r.partnersCreated.length).sort()).toEqual([0, 0, 0, 2]);
      expect(await rows(t.handle.db)).toEqual([
        'harbor-pine 810 v1 active',
        'harbor-pine 850 v1 active',
        'harbor-pine 855 v1 active',
        'harbor-pine 856 v1 active',
        'harbor-pine 860 v1 active',
        'harbor-pine spreadsheet v1 active',
        'xyz-retail 810 v1 active',
        'xyz-retail 850 v1 active',
        'xyz-retail 855 v1 active',
        'xyz-retail 856 v1 active',
      ]);
      expect(await audit(t.handle.db)).toHaveLength(20);
      expect(await activeMappings(others[0]!.db, 'xyz-retail')).toEqual(expectedActive(loaded.partners[1]!));
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });
});
