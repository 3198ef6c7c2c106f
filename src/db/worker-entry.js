// Entry of every worker thread the gateway starts (the embedded database, the pipeline). The sources are
// TypeScript, compiled on load by tsx like bin/ordergate.js does for the main thread: a worker thread does not
// inherit the main thread's loader, so it registers its own before importing the module it was started for.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
