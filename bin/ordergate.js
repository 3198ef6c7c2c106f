#!/usr/bin/env node
// The `ordergate` command. The sources are TypeScript; tsx compiles them on load (cached), so `npx ordergate`
// works from a plain `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
