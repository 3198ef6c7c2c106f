#!/usr/bin/env node
// `npm start`: builds dist/ first when it is absent or older than the sources, then runs the command given
// (`serve`) from it, so a checkout's first start compiles once and every later one starts on plain node.
import { spawnSync } from 'node:child_process';
import { distIsCurrent } from './dist-state.js';

if (!distIsCurrent()) {
  const built = spawnSync(process.execPath, [new URL('./build.js', import.meta.url).pathname], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import('./ordergate.js');
