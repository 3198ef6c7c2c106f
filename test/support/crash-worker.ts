// A worker process that dies (SIGKILL) in the middle of a job's transaction, for the crash-recovery tests.
// Usage: node --import tsx test/support/crash-worker.ts '<json: { target, mode }>'
import { openDatabase } from '../../src/db/client.ts';
import { createDispatcher, type DispatchMode, recordingStage } from './dispatch-harness.ts';

const { target, mode } = JSON.parse(process.argv[2]!) as {
  target: { url: string } | { dataDir: string };
  mode: DispatchMode;
};
const handle = await openDatabase(target);
const dispatcher = createDispatcher(mode, handle.db, [
  recordingStage('crash', async () => {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  }),
]);
await dispatcher.start({ workers: true });
