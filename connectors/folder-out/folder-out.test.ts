import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryPayload } from '../../src/core/connector.ts';
import { sendFailure as failure, samplePayload, testContext } from '../../test/support/delivery-payload.ts';
import { tempDir } from '../../test/support/services.ts';
import { deliveredFileName, FolderOutConfig, folderOutTransport } from './index.ts';

const BYTES = new Uint8Array([...new TextEncoder().encode('ISA*00*~GS*PR~ST*855*0001~'), 0x00, 0xff, 0x0a]);

const payload = (over: Partial<DeliveryPayload> = {}) => samplePayload(BYTES, over);

describe('folder-out transport', () => {
  let folder: { dir: string; remove(): void };
  beforeEach(() => {
    folder = tempDir('ordergate-folder-out-');
  });
  afterEach(() => folder.remove());

  const config = () => FolderOutConfig.parse({ dir: folder.dir });
  /** The test's folder is the outbox root (ORDERGATE_OUTBOX_DIR). */
  const outbox = () => testContext({ outboxDir: folder.dir });

  it('writes the bytes under <documentType>-<idempotencyKey>.edi and leaves no .part file behind', async () => {
    const receipt = await folderOutTransport.send(payload(), config(), outbox());
    expect(receipt.remoteId).toBe('855-out-855-7f3a.edi');
    expect(readdirSync(folder.dir)).toEqual(['855-out-855-7f3a.edi']);
    expect(new Uint8Array(readFileSync(path.join(folder.dir, '855-out-855-7f3a.edi')))).toEqual(BYTES);
  });

  it('treats the same key with the same bytes as already delivered (a retry or replay)', async () => {
    const first = await folderOutTransport.send(payload(), config(), outbox());
    const again = await folderOutTransport.send(payload(), config(), outbox());
    expect(again.remoteId).toBe(first.remoteId);
    expect(readdirSync(folder.dir)).toEqual(['855-out-855-7f3a.edi']);
  });

  it('never overwrites a different file under the same name: permanent conflict', async () => {
    const file = path.join(folder.dir, '855-out-855-7f3a.edi');
    writeFileSync(file, 'someone else’s file');
    const error = await failure(folderOutTransport.send(payload(), config(), outbox()));
    expect(error).toMatchObject({ kind: 'permanent', code: 'folder-out.conflict' });
    expect(error.message).toContain('already exists with different content');
    expect(readFileSync(file, 'utf8')).toBe('someone else’s file');
    expect(readdirSync(folder.dir)).toEqual(['855-out-855-7f3a.edi']);
  });

  it('delivers concurrent sends of the same document once', async () => {
    const receipts = await Promise.all(
      Array.from({ length: 8 }, () => folderOutTransport.send(payload(), config(), outbox())),
    );
    expect(new Set(receipts.map((r) => r.remoteId)).size).toBe(1);
    expect(readdirSync(folder.dir)).toEqual(['855-out-855-7f3a.edi']);
  });

  it('keeps different documents apart and file names safe', async () => {
    await folderOutTransport.send(payload({ idempotencyKey: 'a/b' }), config(), outbox());
    await folderOutTransport.send(payload({ idempotencyKey: 'a_b' }), config(), outbox());
    await folderOutTransport.send(
      payload({ idempotencyKey: '../../escape', filename: 'x.csv' }),
      config(),
      outbox(),
    );
    await folderOutTransport.send(
      payload({ documentType: '997', filename: 'no-extension' }),
      config(),
      outbox(),
    );
    expect(readdirSync(folder.dir).sort()).toEqual([
      '855-%2E%2E%2F%2E%2E%2Fescape.csv',
      '855-a%2Fb.edi',
      '855-a_b.edi',
      '997-out-855-7f3a.edi',
    ]);
    expect(deliveredFileName({ documentType: '856', idempotencyKey: 'é', filename: 'f.e d i' })).toBe(
      '856-%C3%A9.edi',
    );
  });

  it('refuses a missing folder as permanent', async () => {
    const dir = path.join(folder.dir, 'not-there');
    const error = await failure(folderOutTransport.send(payload(), FolderOutConfig.parse({ dir }), outbox()));
    expect(error).toMatchObject({ kind: 'permanent', code: 'folder-out.unusable' });
    expect(error.message).toContain('does not exist');
  });

  it('refuses a file configured as the folder as permanent', async () => {
    const dir = path.join(folder.dir, 'a-file');
    writeFileSync(dir, '');
    const error = await failure(folderOutTransport.send(payload(), FolderOutConfig.parse({ dir }), outbox()));
    expect(error).toMatchObject({ kind: 'permanent', code: 'folder-out.unusable' });
    expect(error.message).toContain('is not a folder');
  });

  // root ignores directory permissions
  it.skipIf(process.getuid?.() === 0)('refuses a read-only folder as permanent', async () => {
    const dir = path.join(folder.dir, 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    const error = await failure(folderOutTransport.send(payload(), FolderOutConfig.parse({ dir }), outbox()));
    chmodSync(dir, 0o700);
    expect(error).toMatchObject({ kind: 'permanent', code: 'folder-out.unusable' });
  });

  it('writes a relative folder under the outbox, an absolute one only inside it', async () => {
    mkdirSync(path.join(folder.dir, 'harbor-pine'));
    await folderOutTransport.send(payload(), FolderOutConfig.parse({ dir: 'harbor-pine' }), outbox());
    const inside = path.join(folder.dir, 'harbor-pine');
    await folderOutTransport.send(
      payload({ documentType: '997' }),
      FolderOutConfig.parse({ dir: inside }),
      outbox(),
    );
    expect(readdirSync(inside).sort()).toEqual(['855-out-855-7f3a.edi', '997-out-855-7f3a.edi']);
  });

  it('refuses a folder outside the outbox: .. out of it, an absolute path elsewhere, a symbolic link out', async () => {
    const outside = tempDir('ordergate-outside-');
    try {
      symlinkSync(outside.dir, path.join(folder.dir, 'link-out'));
      const climbing = path.relative(folder.dir, outside.dir); // ../ordergate-outside-…
      for (const dir of [climbing, outside.dir, 'link-out', 'harbor-pine/../../x']) {
        const error = await failure(
          folderOutTransport.send(payload(), FolderOutConfig.parse({ dir }), outbox()),
        );
        expect(error, dir).toMatchObject({ kind: 'permanent', code: 'folder-out.outside_outbox' });
        expect(error.message, dir).toContain(folder.dir);
      }
      expect(readdirSync(outside.dir)).toEqual([]);

      // when a partner is saved: what the path says (a link is followed when sending)
      const check = (dir: string) => folderOutTransport.check?.(FolderOutConfig.parse({ dir }), outbox());
      expect(check(climbing)).toEqual([
        { path: 'dir', message: expect.stringContaining(`outside the outbox folder ${folder.dir}`) },
      ]);
      expect(check(outside.dir)).toHaveLength(1);
      expect(check('harbor-pine/../../x')).toHaveLength(1);
      expect(check('harbor-pine/../harbor-pine')).toEqual([]);
      expect(check(path.join(folder.dir, 'harbor-pine'))).toEqual([]);
      expect(check('link-out')).toEqual([]);
    } finally {
      outside.remove();
    }
  });

  it('validates its configuration', () => {
    expect(FolderOutConfig.safeParse({ dir: '  ' }).success).toBe(false);
    expect(FolderOutConfig.safeParse({ dir: '/x', extra: 1 }).success).toBe(false);
  });
});
