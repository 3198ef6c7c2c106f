// Creates the embedded database under the data directory given as its argument, then exits: run as a process
// of its own by client.ts (`createPglite`) on a gateway's first start, so the memory initdb takes goes back to
// the system with the process. A failure exits non-zero with its stack on stderr.
import { openPgliteFiles } from './pglite-open.ts';

const pg = await openPgliteFiles(process.argv[2]!);
await pg.close();
