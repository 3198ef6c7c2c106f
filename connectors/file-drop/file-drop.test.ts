import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobs, messages } from '../../src/db/schema.ts';
import { startFileDrop } from '../../src/pipeline/intake/drop-dir.ts';
import type { Intake as FileDrop } from '../../src/pipeline/intake/intake.ts';
import { receiveMessage } from '../../src/pipeline/intake/receive.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { databaseKinds, type TestDatabase, tempDir } from '../../test/support/services.ts';
import type { FileDropConfigInput } from './config.ts';

// A valid 850 from the shared corpus (source and licence: test/fixtures/x12/SOURCES.md).
const SAMPLE = readFileSync('test/fixtures/x12/x12-850/nodex12_850_004010VICS_tilde_lf.edi');
const log = createLogger('silent');
const today = () => new Date().toISOString().slice(0, 10);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Names are unique per test: the database is shared by the tests of one kind. */
const uniqueName = (ext = '.edi') => `po-${randomUUID().slice(0, 8)}${ext}`;

describe.each(databaseKinds())('file drop on $name', (kind) => {
  let t: TestDatabase;
  let folder: { dir: string; remove(): void };
  let notified = 0;
  const running: FileDrop[] = [];

  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());
  beforeEach(() => {
    folder = tempDir('ordergate-drop-');
    notified = 0;
  });
  afterEach(async () => {
    for (const drop of running.splice(0)) await drop.close();
    folder.remove();
  });

  /** A poller that only polls when told (plus its first pass at start), so each test decides the timing. */
  async function start(drop: Partial<FileDropConfigInput> = {}, db = t.handle.db): Promise<FileDrop> {
    const started = await startFileDrop({
      db,
      config: { dropDir: folder.dir, maxInboundBytes: 1024 * 1024 },
      log,
      notify: () => notified++,
      drop: { pollMs: 3_600_000, settleMs: 0, partnerId: 'harbor-pine', ...drop },
    });
    running.push(started);
    return started;
  }

  /**
   * Drops a file as a careful sender does: written under a .part name (ignored) and renamed into place, so a
   * pass that runs meanwhile (settleMs is 0 here) never sees it half written.
   */
  const drop = (name: string, bytes: Uint8Array | string = SAMPLE) => {
    const target = path.join(folder.dir, name);
    writeFileSync(`${target}.part`, bytes);
    renameSync(`${target}.part`, target);
    return target;
  };
  const stored = (filename: string) =>
    t.handle.db.select().from(messages).where(eq(messages.filename, filename));
  const archived = (name: string) => path.join(folder.dir, 'archive', today(), name);

  it('stores a dropped 850 exactly once, enqueues its decode, then archives it', async () => {
    const name = uniqueName();
    drop(name);
    const poller = await start();
    await poller.pollNow();
    await poller.pollNow();

    const rows = await stored(name);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(Buffer.from(row!.raw).equals(SAMPLE)).toBe(true);
    expect(row).toMatchObject({
      sha256: sha(SAMPLE),
      size: SAMPLE.length,
      channel: 'x12',
      direction: 'inbound',
      partnerId: 'harbor-pine',
      sender: `file:${name}`,
    });
    const [job] = await t.handle.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, `decode.${row!.id}`));
    expect(job).toMatchObject({ stage: 'decode', entityId: row!.id });
    expect(notified).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(folder.dir, name))).toBe(false);
    expect(readFileSync(archived(name)).equals(SAMPLE)).toBe(true);
  });

  it('never overwrites an archived file of the same name', async () => {
    const name = uniqueName();
    const poller = await start();
    drop(name);
    await poller.pollNow();
    drop(name, `${SAMPLE.toString('latin1')}\n`);
    await poller.pollNow();
    expect(await stored(name)).toHaveLength(2);
    expect(readFileSync(archived(name)).equals(SAMPLE)).toBe(true);
    const second = archived(name.replace('.edi', '-1.edi'));
    expect(readFileSync(second, 'latin1')).toBe(`${SAMPLE.toString('latin1')}\n`);
  });

  it('moves an empty or oversized file to error/ with a note saying why, storing nothing', async () => {
    const empty = uniqueName();
    const big = uniqueName();
    drop(empty, '');
    drop(big, 'x'.repeat(2048));
    const poller = await start({ maxBytes: 1024 });
    await poller.pollNow();

    for (const [name, reason] of [
      [empty, 'empty'],
      [big, 'too-large'],
    ] as const) {
      expect(await stored(name)).toEqual([]);
      expect(existsSync(path.join(folder.dir, name))).toBe(false);
      expect(existsSync(path.join(folder.dir, 'error', name))).toBe(true);
      const note = JSON.parse(readFileSync(path.join(folder.dir, 'error', `${name}.error.json`), 'utf8'));
      expect(note).toMatchObject({ file: name, reason });
      expect(note.message).toMatch(/empty|bytes/);
    }
  });

  it('leaves files still being written alone: .part/.tmp, dotfiles, and files modified just now', async () => {
    const names = [uniqueName('.edi.part'), uniqueName('.tmp'), `.${uniqueName()}`];
    for (const name of names) drop(name);
    const fresh = drop(uniqueName());
    const poller = await start({ settleMs: 60_000 });
    await poller.pollNow();
    for (const name of names) expect(existsSync(path.join(folder.dir, name))).toBe(true);
    expect(existsSync(fresh)).toBe(true);

    // Once unmodified for settleMs, the in-place file is taken; the others stay.
    const old = new Date(Date.now() - 120_000);
    utimesSync(fresh, old, old);
    await poller.pollNow();
    expect(existsSync(fresh)).toBe(false);
    expect(await stored(path.basename(fresh))).toHaveLength(1);
    for (const name of names) expect(await stored(name)).toEqual([]);
  });

  /** The files in error/ (names as bytes, so names that are not UTF-8 show up too) and their notes. */
  function errorFolder() {
    const names = readdirSync(path.join(folder.dir, 'error'), { encoding: 'buffer' }).map((n) =>
      n.toString('utf8'),
    );
    const notes = names
      .filter((n) => n.endsWith('.error.json'))
      .map((n) => JSON.parse(readFileSync(path.join(folder.dir, 'error', n), 'utf8')));
    return { names, files: names.filter((n) => !n.endsWith('.error.json')), notes };
  }
  /** What is left in the drop folder and in the claim folders: nothing, once every file was handled. */
  const leftOver = () => [
    ...readdirSync(folder.dir).filter((n) => !['archive', 'error', '.processing'].includes(n)),
    ...(readdirSync(path.join(folder.dir, '.processing'), { recursive: true }) as string[]).filter((n) =>
      /^\d+-/.test(path.basename(n)),
    ),
  ];
  const readable = (name: string) => !/[\p{Cc}\ufffd]/u.test(name) && Buffer.byteLength(name) <= 200;

  it('refuses a name with a line break or of 245 characters to error/ and goes on with the folder', async () => {
    const id = randomUUID().slice(0, 8);
    const broken = `a-${id}\nsecond line.edi`;
    const long = `a-${id}-${'x'.repeat(245 - 15)}.edi`;
    expect(long).toHaveLength(245);
    const good = `b-${id}.edi`; // sorts after both: a file the bad ones must not block
    for (const name of [broken, long, good]) drop(name);
    const poller = await start();
    await poller.pollNow();
    await poller.pollNow();

    expect(await stored(good)).toHaveLength(1);
    expect(existsSync(archived(good))).toBe(true);
    expect(leftOver()).toEqual([]);
    const { files, notes } = errorFolder();
    expect(files).toHaveLength(2);
    expect(notes).toHaveLength(2);
    for (const original of [broken, long]) {
      expect(await stored(original)).toEqual([]);
      const note = notes.find((n) => n.file === original);
      expect(note, original).toMatchObject({ reason: 'bad-name' });
      expect(readable(note.storedAs), note.storedAs).toBe(true);
      expect(readFileSync(path.join(folder.dir, 'error', note.storedAs)).equals(SAMPLE)).toBe(true);
    }
    const [brokenNote, longNote] = [broken, long].map((n) => notes.find((note) => note.file === n));
    expect(brokenNote.storedAs).toBe(`a-${id}_second line.edi`);
    expect(brokenNote.message).toMatch(/control character/);
    expect(longNote.storedAs).toMatch(/^a-.*….edi$/);
    expect(longNote.message).toMatch(/245 bytes/);
  });

  it('refuses other hostile names (not UTF-8, only dots and spaces) under readable names, never overwriting', async () => {
    const id = randomUUID().slice(0, 8);
    const notUtf8 = Buffer.concat([Buffer.from(`c-${id}-`), Buffer.from([0xff, 0xfe]), Buffer.from('.edi')]);
    writeFileSync(Buffer.concat([Buffer.from(`${folder.dir}/`), notUtf8]), SAMPLE);
    for (const name of ['   ', ' . ', ' ..']) drop(name);
    const reversed = `f-${id}-\u202egpj.edi`; // shows as f-…-ide.jpg
    drop(reversed);
    // A refused file named like a note, then the file that note's name belongs to.
    const stem = `d-${id}.edi`;
    drop(`${stem}.error.json`, '');
    const poller = await start();
    await poller.pollNow();
    drop(stem, '');
    await poller.pollNow();

    expect(leftOver()).toEqual([]);
    const { files, notes } = errorFolder();
    // Every *.error.json in error/ is a note, one per refused file, each beside the file it describes.
    expect(notes).toHaveLength(7);
    expect(files).toHaveLength(7);
    expect(notes.map((n) => n.storedAs).sort()).toEqual([...files].sort());
    for (const name of files) expect(readable(name), name).toBe(true);
    const byFile = (file: string) => notes.find((n) => n.file === file);
    expect(byFile(`c-${id}-\ufffd\ufffd.edi`)).toMatchObject({
      reason: 'bad-name',
      storedAs: `c-${id}-__.edi`,
      fileHex: notUtf8.toString('hex'),
    });
    for (const blank of ['   ', ' . ', ' ..'])
      expect(byFile(blank), blank).toMatchObject({ reason: 'bad-name' });
    expect(byFile(reversed)).toMatchObject({ reason: 'bad-name', storedAs: `f-${id}-_gpj.edi` });
    const raw = readFileSync(path.join(folder.dir, 'error', `f-${id}-_gpj.edi.error.json`), 'utf8');
    expect(raw).toContain(`"file": "f-${id}-\\u202egpj.edi"`); // escaped, so the note reads as it is
    expect(byFile(`${stem}.error.json`)).toMatchObject({ reason: 'empty' });
    expect(byFile(stem)).toMatchObject({ reason: 'empty', storedAs: stem });
  });

  /** What a poller that died after claiming leaves behind: its folder, its note, its claim. */
  function orphanClaim(name: string, owner = `crashed-${randomUUID().slice(0, 6)}`) {
    const ownerDir = path.join(folder.dir, '.processing', owner);
    mkdirSync(ownerDir, { recursive: true });
    // Same host and our own pid under another owner id: a restarted container (the pid is reused).
    writeFileSync(
      path.join(ownerDir, '.alive'),
      JSON.stringify({ owner, host: hostname(), pid: process.pid }),
    );
    writeFileSync(path.join(ownerDir, `${Date.now() - 5000}-1-${name}`), SAMPLE);
    return ownerDir;
  }

  it('stores a claim left by a crash before storing, once, on restart', async () => {
    const name = uniqueName();
    const ownerDir = orphanClaim(name);
    const poller = await start();
    await poller.pollNow();
    await poller.pollNow();
    expect(await stored(name)).toHaveLength(1);
    expect(existsSync(archived(name))).toBe(true);
    expect(existsSync(ownerDir)).toBe(false);
  });

  it('refuses to error/ a claim with a line break that an earlier version left behind', async () => {
    const name = `e-${randomUUID().slice(0, 8)}\r\nx.edi`;
    orphanClaim(name);
    const poller = await start();
    await poller.pollNow();
    expect(leftOver()).toEqual([]);
    expect(await stored(name)).toEqual([]);
    const { notes } = errorFolder();
    expect(notes).toEqual([expect.objectContaining({ file: name, reason: 'bad-name' })]);
    expect(readable(notes[0].storedAs)).toBe(true);
  });

  it('moves to error/, never stores, a refused claim left by a crash before it reached error/', async () => {
    const name = `g-${randomUUID().slice(0, 8)}_x.edi`; // the readable stand-in the claim was made under
    const ownerDir = orphanClaim('placeholder');
    renameSync(
      path.join(ownerDir, readdirSync(ownerDir).find((n) => n.endsWith('placeholder'))!),
      path.join(ownerDir, `${Date.now() - 5000}-1r-${name}`),
    );
    const poller = await start();
    await poller.pollNow();
    expect(leftOver()).toEqual([]);
    expect(await stored(name)).toEqual([]);
    expect(errorFolder().notes).toEqual([
      expect.objectContaining({ file: name, storedAs: name, reason: 'bad-name' }),
    ]);
  });

  it('archives without storing again a claim left by a crash after storing', async () => {
    const name = uniqueName();
    await receiveMessage(t.handle.db, {
      channel: 'x12',
      bytes: SAMPLE,
      sender: `file:${name}`,
      filename: name,
      actor: 'file-drop',
    });
    orphanClaim(name);
    const poller = await start();
    await poller.pollNow();
    expect(await stored(name)).toHaveLength(1);
    expect(existsSync(archived(name))).toBe(true);
  });

  it('keeps a file it could not store (database down) and stores it once the database is back', async () => {
    const name = uniqueName();
    drop(name);
    const broken = await kind.create();
    await broken.dispose(); // a real database that is gone: every query fails
    const failing = await start({}, broken.handle.db);
    await failing.pollNow();
    expect(existsSync(archived(name))).toBe(false);
    const claimed = readdirSync(path.join(folder.dir, '.processing'), { recursive: true }) as string[];
    expect(claimed.some((f) => f.endsWith(name))).toBe(true);
    await failing.close();

    const healthy = await start();
    await healthy.pollNow();
    expect(await stored(name)).toHaveLength(1);
    expect(existsSync(archived(name))).toBe(true);
  });

  it('stores each file once when two pollers share the folder', async () => {
    const names = Array.from({ length: 24 }, () => uniqueName());
    for (const name of names) drop(name);
    const [a, b] = await Promise.all([start(), start()]);
    await Promise.all([a!.pollNow(), b!.pollNow(), a!.pollNow(), b!.pollNow()]);
    for (const name of names) {
      expect(await stored(name), name).toHaveLength(1);
      expect(existsSync(archived(name)), name).toBe(true);
    }
    expect(readdirSync(folder.dir).filter((f) => f.startsWith('po-'))).toEqual([]);
  });
});
