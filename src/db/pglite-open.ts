import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { closeTreeToOthers } from '../runtime/private-files.ts';

/**
 * PostgreSQL's settings for the embedded database, after PGlite's own (single-user mode, no parallel workers).
 * PGlite leaves PostgreSQL's server defaults, and its 128 MB of shared buffers are touched as it starts: they
 * were 150 of the 190 MB of WebAssembly memory an idle gateway held. 16 MB of buffers keeps the hot pages of
 * the tables a gateway reads (a page missed is read from the operating system's file cache); index builds
 * (migrations) and VACUUM get 16 MB instead of 64 MB, as the memory they grow is never given back.
 */
const START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...['shared_buffers=16MB', 'maintenance_work_mem=16MB'].flatMap((setting) => ['-c', setting]),
];

/** The embedded database's files under the data directory. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/** Opens (creating when absent) the embedded database under `dataDir`, its files private to this user. */
export async function openPgliteFiles(dataDir: string): Promise<PGlite> {
  const pgdata = pgliteDir(dataDir);
  const pg = new PGlite(pgdata, { startParams: START_PARAMS });
  await pg.waitReady;
  // PGlite writes the files of a new database 0666 whatever the process's umask (it sets their modes itself),
  // its directories 0755 and a few files 0644; only the server's own new relation files are 0600. The data
  // directory (0700) already keeps everyone else out; closing the files too keeps them private when copied
  // or backed up with their modes. Silently: every new database looks like this.
  closeTreeToOthers(pgdata);
  return pg;
}
