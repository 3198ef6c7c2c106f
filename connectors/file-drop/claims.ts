import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PROCESSING_DIR } from './folder.ts';

/**
 * Claims make "never stored twice" hold across crashes and concurrent pollers. A poller (an owner) takes a
 * file by renaming it into `.processing/<owner>/` — rename is atomic, so of two pollers exactly one wins —
 * and only then reads and stores it. A claim left behind by an owner that died is adopted (again by rename,
 * one adopter wins) and checked against the messages table before it is stored.
 *
 * An owner is alive while its `.alive` file exists and is fresh. On this host a dead process is recognised
 * at once (its pid is gone, or is our own pid under another owner id: a restarted container); on another
 * host only after `staleMs` without a heartbeat. The one case this cannot tell apart is a process frozen for
 * longer than `staleMs` in the middle of a store: run one gateway per drop folder to rule it out entirely.
 */

const ALIVE = '.alive';
/**
 * Claim file name: `<claimed at, ms>-<sequence>-<original name>`, or `<ms>-<sequence>r-<readable name>` for a
 * file whose name cannot be taken (names.ts) and that goes to error/: the `r` survives a crash, so such a
 * file is never stored under its readable name. `s`: a claim an earlier version made of a name with a line
 * break is still recognised (and refused).
 */
const CLAIM = /^(\d+)-(\d+)(r?)-(.+)$/s;

function claimName(at: number, sequence: number, name: string, refused: boolean): string {
  return `${at}-${sequence}${refused ? 'r' : ''}-${name}`;
}

/** Owners running in this process, so a sibling poller (same pid) is not mistaken for a dead one. */
const liveOwners = new Set<string>();

interface AliveNote {
  owner: string;
  host: string;
  pid: number;
}

export interface ClaimInfo {
  /** The name the file had in the drop folder; for a refused claim, its readable stand-in. */
  name: string;
  claimedAt: Date;
  /** Taken only to be moved to error/: the name could not be used. */
  refused: boolean;
}

export function parseClaim(file: string): ClaimInfo | undefined {
  const match = CLAIM.exec(path.basename(file));
  if (!match) return undefined;
  return { name: match[4]!, claimedAt: new Date(Number(match[1])), refused: match[3] === 'r' };
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | undefined)?.code === code;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

export class ClaimOwner {
  readonly id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  readonly folder: string;
  private readonly root: string;
  private sequence = 0;

  constructor(
    dir: string,
    private readonly staleMs: number,
  ) {
    this.root = path.join(dir, PROCESSING_DIR);
    this.folder = path.join(this.root, this.id);
  }

  /**
   * Writes (or refreshes) `.alive`. The folder and its note appear together (built under a dot name, then
   * renamed), so another poller never sees an owner folder without its note and takes it for dead.
   */
  async heartbeat(): Promise<void> {
    liveOwners.add(this.id);
    const note: AliveNote = { owner: this.id, host: hostname(), pid: process.pid };
    const text = JSON.stringify(note);
    // Written aside and renamed over, so a reader never sees a half-written note and takes us for dead.
    const fresh = path.join(this.folder, `${ALIVE}.${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(fresh, text);
      await rename(fresh, path.join(this.folder, ALIVE));
      return;
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
    const building = path.join(this.root, `.new-${this.id}`);
    await mkdir(building, { recursive: true });
    await writeFile(path.join(building, ALIVE), text);
    await rename(building, this.folder);
  }

  /**
   * Takes `source` (a file in the drop folder) by renaming it into this owner's folder; undefined if another
   * won. `refused` marks a file taken only to be moved to error/, `name` then being its readable stand-in.
   */
  async claim(source: Buffer, name: string, at: Date, refused = false): Promise<string | undefined> {
    const target = path.join(this.folder, claimName(at.getTime(), ++this.sequence, name, refused));
    try {
      await rename(source, target);
      return target;
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  /** This owner's claims not yet confirmed (a store that failed and is retried), oldest first. */
  async pending(): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    return names
      .filter((n) => parseClaim(n) !== undefined)
      .sort(byClaimTime)
      .map((n) => path.join(this.folder, n));
  }

  /** Moves every claim of dead owners into this owner's folder (keeping the claim time) and returns them. */
  async adoptOrphans(): Promise<string[]> {
    const adopted: string[] = [];
    const owners = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const entry of owners) {
      if (!entry.isDirectory() || entry.name === this.id || entry.name.startsWith('.')) continue;
      const folder = path.join(this.root, entry.name);
      if (!(await this.isDead(folder, entry.name))) continue;
      const names = (await readdir(folder).catch(() => [] as string[])).sort(byClaimTime);
      for (const name of names) {
        const info = parseClaim(name);
        if (!info) continue;
        const target = path.join(
          this.folder,
          claimName(info.claimedAt.getTime(), ++this.sequence, info.name, info.refused),
        );
        try {
          await rename(path.join(folder, name), target);
          adopted.push(target);
        } catch (error) {
          if (!isCode(error, 'ENOENT')) throw error; // another poller adopted it first
        }
      }
      // Best effort: a folder still holding something (another adopter racing) is retried next poll.
      await rm(path.join(folder, ALIVE), { force: true }).catch(() => {});
      await rmdir(folder).catch(() => {});
    }
    return adopted;
  }

  private async isDead(folder: string, owner: string): Promise<boolean> {
    const alive = path.join(folder, ALIVE);
    let note: AliveNote;
    let age: number;
    try {
      note = JSON.parse(await readFile(alive, 'utf8')) as AliveNote;
      age = Date.now() - (await stat(alive)).mtimeMs;
    } catch {
      // No note (or a torn one): the owner shut down, or crashed before its first heartbeat completed.
      return true;
    }
    if (age > this.staleMs) return true;
    if (note.host !== hostname()) return false;
    if (note.pid === process.pid) return !liveOwners.has(owner);
    return !pidAlive(note.pid);
  }

  /** Clean shutdown: without `.alive` the claims still here are adopted by the next poller at once. */
  async release(): Promise<void> {
    liveOwners.delete(this.id);
    await rm(path.join(this.folder, ALIVE), { force: true });
    await rmdir(this.folder).catch(() => {});
  }
}

function byClaimTime(a: string, b: string): number {
  const ta = parseClaim(a)?.claimedAt.getTime() ?? 0;
  const tb = parseClaim(b)?.claimedAt.getTime() ?? 0;
  return ta - tb || a.localeCompare(b);
}
