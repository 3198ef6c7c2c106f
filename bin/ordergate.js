#!/usr/bin/env node
// The `ordergate` command. Runs the compiled build (dist/, `npm run build`) on plain node when it was built
// from the sources as they are now; otherwise (no build yet, or a source edited since) the TypeScript sources
// through tsx, which compiles them on load: a development checkout never runs a stale build.
import { distIsCurrent } from './dist-state.js';

if (distIsCurrent()) {
  await import('../dist/src/cli.js');
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write(
      'ordergate: dist/ is missing or stale and tsx is not installed: run `npm run build`\n',
    );
    process.exit(2);
  }
  tsx.register();
  await import('../src/cli.ts');
}
