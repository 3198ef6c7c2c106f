import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ConsoleApp } from './deps.ts';

const require = createRequire(import.meta.url);

/** The console's static files, read once at start and served with long caching (their URLs carry the version). */
const FILES = {
  'console.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('./console.css', import.meta.url)),
  },
  'htmx.min.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js')),
  },
} as const;

/** The URL of a console asset, versioned so a new release is fetched again. */
export function assetUrl(name: keyof typeof FILES, version: string): string {
  return `/admin/assets/${version}/${name}`;
}

/** Serves the assets without sign-in (they hold nothing private): the sign-in page needs them. */
export function registerAssets(app: ConsoleApp, version: string): void {
  app.get(`/assets/${version}/:name`, (c) => {
    const file = FILES[c.req.param('name') as keyof typeof FILES];
    if (!file) return c.notFound();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Content-Type', file.type);
    return c.body(new Uint8Array(file.body));
  });
}
