import { randomBytes } from 'node:crypto';
import { link, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { DeliveryContext, DeliveryPayload, OutboundConnector } from '../../src/core/connector.ts';
import { type GatewayError, permanent, retryable } from '../../src/core/errors.ts';

export const FolderOutConfig = z.strictObject({
  /**
   * The folder the partner (or its SFTP pickup) collects files from, inside the outbox folder
   * (ORDERGATE_OUTBOX_DIR): relative to it, or absolute and inside it. It must exist.
   */
  dir: z.string().trim().min(1),
});
export type FolderOutConfig = z.infer<typeof FolderOutConfig>;

/**
 * The delivered file's name: `<documentType>-<idempotencyKey><ext>`, the extension taken from the payload's
 * suggested file name (`.edi` when it has none). Characters outside `[A-Za-z0-9_-]` are percent-encoded, so
 * the name is one safe path segment (no `/`, no `..`) and two different keys never share a name.
 */
export function deliveredFileName(
  payload: Pick<DeliveryPayload, 'documentType' | 'idempotencyKey' | 'filename'>,
) {
  const ext = path.extname(payload.filename);
  const suffix = /^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext : '.edi';
  return `${segment(payload.documentType)}-${segment(payload.idempotencyKey)}${suffix}`;
}

function segment(value: string): string {
  return Array.from(Buffer.from(value, 'utf8'), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** Whether `file` is `root` or below it (both absolute and normalised). */
function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** The folder a config's `dir` names under the outbox root, or undefined when its path leaves the root. */
function outboxFolder(dir: string, outboxDir: string): string | undefined {
  const folder = path.resolve(outboxDir, dir);
  return isInside(path.resolve(outboxDir), folder) ? folder : undefined;
}

const outsideOutbox = (dir: string, outboxDir: string, viaLink: boolean) =>
  permanent(
    'folder-out.outside_outbox',
    `${dir} ${viaLink ? 'leads through a symbolic link to a folder' : 'is'} outside the outbox folder ${outboxDir} (ORDERGATE_OUTBOX_DIR): documents are written only under it`,
    { details: { dir, outboxDir } },
  );

/**
 * The real folder to write into: `dir` under the outbox root, every symbolic link followed, still inside the
 * root (a link inside the outbox must not lead out of it). Neither is created: a missing folder is the
 * operator's to make (it may be a share not mounted yet), reported as `folder-out.unusable`.
 */
async function realOutboxFolder(dir: string, context: DeliveryContext): Promise<string> {
  const folder = outboxFolder(dir, context.outboxDir);
  if (folder === undefined) throw outsideOutbox(dir, context.outboxDir, false);
  const [root, real] = await Promise.all([realpath(context.outboxDir), realpath(folder)]);
  if (!isInside(root, real)) throw outsideOutbox(dir, context.outboxDir, true);
  return real;
}

/**
 * Folder delivery: the file is written under a temporary `.part` name, flushed to disk, then published under
 * its final name in one step, so a partner's pickup never sees half a file. An existing file is never
 * replaced: the same idempotency key with the same bytes is a delivery already made (a retry or a replay);
 * with different bytes it is a conflict an operator must look at. Only folders inside the outbox root are
 * written to, so a partner setting cannot make the gateway write anywhere else on its disk.
 */
export const folderOutTransport: OutboundConnector<FolderOutConfig> = {
  id: 'folder-out',
  configSchema: FolderOutConfig,
  check(config, context) {
    if (outboxFolder(config.dir, context.outboxDir) !== undefined) return [];
    return [{ path: 'dir', message: outsideOutbox(config.dir, context.outboxDir, false).message }];
  },
  async send(payload, config, context) {
    const name = deliveredFileName(payload);
    if (Buffer.byteLength(name) > 255)
      throw permanent('folder-out.name_too_long', `the file name for ${payload.documentType} is too long`, {
        details: { idempotencyKey: payload.idempotencyKey },
      });
    const dir = await realOutboxFolder(config.dir, context).catch((error: unknown) => {
      throw classify(error, path.resolve(context.outboxDir, config.dir), name);
    });
    const final = path.join(dir, name);
    const part = `${final}.${randomBytes(4).toString('hex')}.part`;
    try {
      await writeDurably(part, payload.bytes);
      const published = await publishWithoutReplacing(part, final);
      if (published) return { deliveredAt: new Date(), remoteId: name };
      return { deliveredAt: await alreadyDelivered(final, payload), remoteId: name };
    } catch (error) {
      throw classify(error, dir, name);
    } finally {
      await unlink(part).catch(() => {}); // gone after a rename; a leftover after a failure
    }
  },
};

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * link(2) publishes atomically and fails with EEXIST instead of replacing, which rename(2) would do. On a file
 * system without hard links, fall back to rename after a check: only a concurrent writer of the same final
 * name (the same document sent twice at once) can slip between the two, and it writes the same bytes.
 * Returns false when the final name already exists.
 */
async function publishWithoutReplacing(part: string, final: string): Promise<boolean> {
  try {
    await link(part, final);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  if (await exists(final)) return false;
  await rename(part, final);
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The final name exists: the same bytes mean this document was delivered before; the time is when. */
async function alreadyDelivered(final: string, payload: DeliveryPayload): Promise<Date> {
  const existing = await readFile(final).catch((error: NodeJS.ErrnoException) => {
    // Taken away (by the partner's pickup) between our publish attempt and this read: try again later.
    if (error.code === 'ENOENT')
      throw retryable('folder-out.io', `${final} vanished while being compared; will retry`, {
        details: { file: final, idempotencyKey: payload.idempotencyKey },
      });
    throw error;
  });
  if (
    Buffer.compare(
      existing,
      Buffer.from(payload.bytes.buffer, payload.bytes.byteOffset, payload.bytes.length),
    )
  )
    throw permanent(
      'folder-out.conflict',
      `${final} already exists with different content (${existing.length} bytes, this document ` +
        `${payload.bytes.length}); it was not replaced: move it aside, then replay the delivery`,
      { details: { file: final, idempotencyKey: payload.idempotencyKey } },
    );
  return (await stat(final)).mtime;
}

/** Errno codes an operator must fix (missing folder, permissions, read-only mount); the rest may pass. */
const PERMANENT_CODES: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'is not a folder',
  EACCES: 'is not writable by the gateway',
  EPERM: 'is not writable by the gateway',
  EROFS: 'is on a read-only file system',
  EISDIR: 'has a folder where the file should go',
};

function classify(error: unknown, dir: string, name: string): GatewayError {
  if (typeof (error as GatewayError).kind === 'string') return error as GatewayError;
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const details = { dir, file: name, errno: code };
  const why = PERMANENT_CODES[code];
  if (why)
    return permanent('folder-out.unusable', `cannot deliver to ${dir}: it ${why} (${code})`, { details });
  // ENOSPC, EIO, EMFILE, EBUSY, a network mount's ETIMEDOUT …: worth another try later.
  return retryable('folder-out.io', `writing ${name} into ${dir} failed (${code}); will retry`, { details });
}
