import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RawMessage } from '../../src/core/connector.ts';
import { ClaimOwner, parseClaim } from './claims.ts';
import { channelOf, type FileDropConfig } from './config.ts';
import {
  archiveFolder,
  inFolder,
  moveToError,
  moveWithoutOverwrite,
  type OriginalName,
  type Refusal,
  readyFiles,
} from './folder.ts';
import { nameProblem, readableName } from './names.ts';

/** One file taken from the drop folder, ready to be stored. */
export interface ClaimedFile {
  /** `ref` is the claim's path; hand it to `confirm` once the bytes are committed. */
  raw: RawMessage;
  /** The name the file had in the drop folder. */
  name: string;
  claimedAt: Date;
  /**
   * The claim was already there when this poll began (a store that failed or whose outcome is unknown, or an
   * orphan of a dead poller): it may already be stored, so check the messages table before storing again.
   */
  recovered: boolean;
}

export interface FileDropEvents {
  /** A file was refused before storing and moved to error/. */
  refused?(name: string, refusal: Refusal, movedTo: string): void;
  /** A claimed file could not be read for a reason that may pass (EIO, EMFILE): it is retried next poll. */
  readFailed?(name: string, error: unknown): void;
}

/** Read errors that will not go away by themselves: the file is refused rather than retried forever. */
const UNREADABLE = new Set(['EACCES', 'EPERM', 'EISDIR']);

/**
 * The file-drop transport's I/O for one poller: claims ready files, yields their bytes, and archives a file
 * once the caller has committed it. Not safe to poll the same instance concurrently; distinct instances
 * (other pollers, other processes) may share a folder.
 */
export class FileDropSource {
  private readonly owner: ClaimOwner;
  private closed = false;

  constructor(
    readonly config: FileDropConfig,
    private readonly events: FileDropEvents = {},
  ) {
    this.owner = new ClaimOwner(config.dir, config.staleMs);
  }

  /** Proof of life for other pollers; `poll` calls it too, a runner may call it more often. */
  heartbeat(): Promise<void> {
    return this.owner.heartbeat();
  }

  /** Claims retried first (oldest first), then orphans of dead pollers, then new files by name. */
  async *poll(now: () => Date): AsyncGenerator<ClaimedFile> {
    if (this.closed) return;
    await this.owner.heartbeat();
    const earlier = [...(await this.owner.pending()), ...(await this.owner.adoptOrphans())];
    for (const claim of earlier) {
      const taken = await this.take(claim, true, now);
      if (taken) yield taken;
    }
    const { dir, settleMs } = this.config;
    for (const file of await readyFiles(dir, settleMs, now().getTime())) {
      if (this.closed) return;
      // A name that cannot be taken as it is (a line break, too long for the claim's name, not UTF-8) is
      // claimed under a readable stand-in, marked refused, and goes to error/ with the original in its note.
      const bad = nameProblem(file.name, file.bytes);
      const claimAs = bad === undefined ? file.name : readableName(file.name);
      const claim = await this.owner.claim(inFolder(dir, file.bytes), claimAs, now(), bad !== undefined);
      if (claim === undefined) continue; // another poller took it
      const taken = await this.take(claim, false, now, bad === undefined ? undefined : { ...file, bad });
      if (taken) yield taken;
    }
  }

  /** Moves a stored file from its claim to `archive/YYYY-MM-DD/`; call only after the bytes are committed. */
  async confirm(ref: string, at: Date = new Date()): Promise<string> {
    const info = this.ownClaim(ref);
    return moveWithoutOverwrite(ref, archiveFolder(this.config.dir, at), info.name);
  }

  /** Stops polling and lets the next poller adopt what is still claimed (failed stores) without waiting. */
  async close(): Promise<void> {
    this.closed = true;
    await this.owner.release();
  }

  private ownClaim(ref: string) {
    const info = parseClaim(ref);
    if (path.dirname(ref) !== this.owner.folder || info === undefined)
      throw new Error(`file-drop: ${ref} is not a claim of this poller`);
    return info;
  }

  /**
   * Reads a claim, or refuses it to error/ when it can never be stored (a name that cannot be used, empty,
   * too large, unreadable). `badName` comes with a refused claim made in this pass: its original name.
   */
  private async take(
    claim: string,
    recovered: boolean,
    now: () => Date,
    badName?: OriginalName & { bad: string },
  ): Promise<ClaimedFile | undefined> {
    const { name, claimedAt, refused } = this.ownClaim(claim);
    // A refused claim recovered after a crash has only its readable stand-in left; a claim an earlier version
    // made may hold a name this one refuses.
    const bad = refused
      ? (badName?.bad ?? 'the name could not be used (the original was lost in a restart)')
      : nameProblem(name);
    if (bad !== undefined) {
      const refusal: Refusal = { reason: 'bad-name', message: bad };
      const movedTo = await moveToError(this.config.dir, claim, badName ?? { name }, refusal, now());
      this.events.refused?.(badName?.name ?? name, refusal, movedTo);
      return undefined;
    }
    let refusal: Refusal | undefined;
    let bytes: Uint8Array | undefined;
    try {
      const { size } = await stat(claim);
      if (size === 0) refusal = { reason: 'empty', message: 'the file is empty', size };
      else if (size > this.config.maxBytes)
        refusal = {
          reason: 'too-large',
          message: tooLarge(size, this.config.maxBytes),
          size,
        };
      // Read only when it fits, so an oversized drop never lands in memory.
      else bytes = new Uint8Array(await readFile(claim));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!UNREADABLE.has(code)) {
        this.events.readFailed?.(name, error);
        return undefined;
      }
      refusal = { reason: 'unreadable', message: `the file cannot be read (${code})` };
    }
    // Re-check after reading: the file may have been emptied or grown past the limit meanwhile.
    if (bytes && bytes.byteLength === 0) refusal = { reason: 'empty', message: 'the file is empty', size: 0 };
    else if (bytes && bytes.byteLength > this.config.maxBytes)
      refusal = { reason: 'too-large', message: tooLarge(bytes.byteLength, this.config.maxBytes) };
    if (refusal) {
      const movedTo = await moveToError(this.config.dir, claim, { name }, refusal, now());
      this.events.refused?.(name, refusal, movedTo);
      return undefined;
    }
    return {
      raw: {
        channel: channelOf(this.config),
        bytes: bytes!,
        sender: `file:${name}`,
        receivedAt: claimedAt,
        ref: claim,
        filename: name,
        ...(this.config.partnerId ? { partnerId: this.config.partnerId } : {}),
        ...(recovered ? { recoveredAt: claimedAt } : {}),
      },
      name,
      claimedAt,
      recovered,
    };
  }
}

const tooLarge = (size: number, max: number) =>
  `the file has ${size} bytes; the most this folder accepts is ${max}`;
