import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type GatewayError, permanent, retryable } from '../../src/core/errors.ts';
import type { DeliveryPayload, DeliveryTransport } from '../transport.ts';

export const FolderOutConfig = z.strictObject({
  /** The folder the partner (or its SFTP pickup) collects files from. It must exist. */
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

/**
 * Folder delivery: the file is written under a temporary `.part` name, flushed to disk, then published under
 * its final name in one step, so a partner's pickup never sees half a file. An existing file is never
 * replaced: the same idempotency key with the same bytes is a delivery already made (a retry or a replay);
 * with different bytes it is a conflict an operator must look at.
 */
export const folderOutTransport: DeliveryTransport<FolderOutConfig> = {
  id: 'folder-out',
  configSchema: FolderOutConfig,
  async send(payload, config) {
    const name = deliveredFileName(payload);
    if (Buffer.byteLength(name) > 255)
      throw permanent('folder-out.name-too-long', `the file name for ${payload.documentType} is too long`, {
        details: { idempotencyKey: payload.idempotencyKey },
      });
    const final = path.join(config.dir, name);
    const part = `${final}.${randomBytes(4).toString('hex')}.part`;
    try {
      await writeDurably(part, payload.bytes);
      const published = await publishWithoutReplacing(part, final);
      if (published) return { deliveredAt: new Date(), remoteId: name };
      return { deliveredAt: await alreadyDelivered(final, payload), remoteId: name };
    } catch (error) {
      throw classify(error, config.dir, name);
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
