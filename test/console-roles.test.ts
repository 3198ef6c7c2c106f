import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '../src/ui/console.tsx';
import type { ConsoleDeps } from '../src/ui/deps.ts';
import { SELF_SERVICE_ROUTES } from '../src/ui/pages/account.tsx';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

/** Routes anyone may post to: signing in and out, a one-time link, the user's own account. */
const OPEN_TO_EVERY_ROLE = new Set([
  '/admin/sign-in',
  '/admin/sign-out',
  '/admin/welcome/:token',
  ...SELF_SERVICE_ROUTES,
]);

/** The last path segments of pages that only hold a form that changes data. */
const FORM_PAGES = /\/(new|edit|import|ship|invoice)$/;

/** Every route the console registers: the list is read from the app itself, so a new route is covered at once. */
function consoleRoutes(): { method: string; path: string }[] {
  // registering routes touches none of the handles: the app is built only to be read
  const app = createConsole({ version: 'test', publicUrl: 'http://localhost' } as ConsoleDeps);
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method === 'POST' || r.method === 'GET')
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

const concrete = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, 'nothing-here');

describe('a viewer in the console', () => {
  let t: TestGateway;
  let viewer: ConsoleClient;
  const routes = consoleRoutes();
  const mutating = routes.filter((r) => r.method === 'POST' && !OPEN_TO_EVERY_ROLE.has(r.path));
  const formPages = routes.filter((r) => r.method === 'GET' && FORM_PAGES.test(r.path));

  beforeAll(async () => {
    t = await startTestGateway(gatewayModes()[0]!);
    viewer = await signInAs(t, 'viewer');
  }, 60_000);
  afterAll(() => t?.close());

  it('finds the console’s changing routes to check', () => {
    expect(mutating.map((r) => r.path)).toContain('/admin/users');
    expect(mutating.length).toBeGreaterThan(5);
  });

  it('is refused (403) by every route that changes data, before anything is read or written', async () => {
    const answers = await Promise.all(
      mutating.map(async (r) => `${r.path} → ${(await viewer.post(concrete(r.path), {})).status}`),
    );
    expect(answers).toEqual(mutating.map((r) => `${r.path} → 403`));
  });

  it('is refused (403) every page that is only a form to change data', async () => {
    const answers = await Promise.all(
      formPages.map(async (r) => `${r.path} → ${(await viewer.get(concrete(r.path))).status}`),
    );
    expect(answers).toEqual(formPages.map((r) => `${r.path} → 403`));
  });
});
