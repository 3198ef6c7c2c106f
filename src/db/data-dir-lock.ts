import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../runtime/logger.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../runtime/private-files.ts';

/**
 * PGlite opens a data directory that another process already holds without complaint, and two writers corrupt
 * it. So the embedded mode takes an exclusive lock file holding our pid; a lock left by a dead process is taken
 * over, a lock held by a live one is refused with a clear message.
 */
export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Locks the data directory for this process, creating it 0700 first (or closing an existing one to group and
 * others, with a warning on `log`); returns the release.
 */
export function lockDataDir(dataDir: string, log?: Pick<Logger, 'warn'>): () => void {
  ensurePrivateDir(dataDir, log);
  const lockPath = path.join(dataDir, 'ordergate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(
          `data directory ${dataDir} is in use by process ${holder}; stop it first, or set ORDERGATE_DATA_DIR ` +
            'to another directory (to run several processes, use DATABASE_URL and REDIS_URL)',
        );
      }
      // Left behind by a process that died (or by ourselves): take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dataDir}`);
}
