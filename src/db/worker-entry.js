// Entry of every worker thread the gateway starts (the embedded database, the pipeline) when it runs from the
// TypeScript sources (a development checkout, tests): a worker thread does not inherit the main thread's tsx
// loader, so it registers its own before importing the module it was started for. The build (dist/) starts its
// compiled modules directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
