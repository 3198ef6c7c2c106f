import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { createConsole } from '../src/ui/console.tsx';
import type { ConsoleDeps } from '../src/ui/deps.ts';
import { expectAccessible, launchChromium, screenshots, watchForErrors } from './support/browser.ts';
import { signInAs, TEST_PASSWORD } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually, tempDir } from './support/services.ts';
import { adminSend, setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

const embedded = gatewayModes()[0]!;

describe('the console in Debian’s Chromium', () => {
  let t: TestGateway;
  let browser: Browser;
  let partnerKey: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestGateway(embedded), launchChromium()]);
    partnerKey = await setUpFiveLinePartner(t);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page of its own (cookies of its own), with every browser-side error collected. */
  async function freshPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    return { page, errors: watchForErrors(page) };
  }

  /** Signs in through the sign-in page as a new user of `role`, as a person would (typing and clicking). */
  async function signedIn(role: 'admin' | 'operator' | 'viewer'): Promise<{ page: Page; errors: string[] }> {
    const user = await signInAs(t, role);
    const opened = await freshPage();
    await opened.page.goto(`${t.gateway.url}/admin/sign-in`);
    await opened.page.getByLabel('Email address').fill(user.email);
    await opened.page.getByLabel('Password').fill(TEST_PASSWORD);
    await opened.page.getByRole('button', { name: 'Sign in' }).click();
    await opened.page.waitForURL(`${t.gateway.url}/admin`);
    return opened;
  }

  it('signs in with the keyboard alone', async () => {
    const admin = await signInAs(t, 'admin');
    const { page, errors } = await freshPage();
    await page.goto(`${t.gateway.url}/admin/users`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await expectAccessible(page, 'sign-in');
    await screenshots(page, 'sign-in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('email');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.gateway.url}/admin/users`);
    expect(await page.locator('h1').textContent()).toBe('Users');
    expect(errors).toEqual([]);
  });

  it('lets an operator resolve the exception of a mispriced order, with the keyboard, and shows the 855 on the message', async () => {
    const [line1] = FIVE_LINES.lines;
    const sent = await t.deliver(x12Order('PO-BROWSER-1', [line1!], 7001), partnerKey);
    const [exception] = await eventually(
      async () => {
        const rows = await t.query<{ id: string }>(
          `select e.id from exceptions e join orders o on o.id = e.order_id where o.po_number = 'PO-BROWSER-1' and e.status = 'open'`,
        );
        return rows.length ? rows : undefined;
      },
      20_000,
      'the mispriced order held',
    );

    const { page, errors } = await signedIn('operator');
    const sent855 = page.locator('td', { hasText: /^855 requested/ });
    await page.goto(`${t.gateway.url}/admin/messages/${sent.id}`);
    expect(await sent855.count()).toBe(0);
    await page.goto(`${t.gateway.url}/admin/exceptions?type=price`);
    await expectAccessible(page, 'exceptions inbox');
    // keyboard only: Tab to the exception's link, Enter, Tab to Accept, Enter
    const link = `/admin/exceptions/${encodeURIComponent(exception!.id)}`;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.getAttribute("href")')) === link) break;
    }
    expect(await page.evaluate('document.activeElement?.getAttribute("href")')).toBe(link);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.gateway.url}${link}`);
    await expectAccessible(page, 'exception');
    const found = await page.locator('main').textContent();
    expect(found).toContain('4.50');
    expect(found).toContain('4.75');
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(
        'document.activeElement?.tagName + " " + document.activeElement?.getAttribute("value")',
      )) as string;
      if (focused === 'BUTTON accept') break;
    }
    expect(await page.evaluate('document.activeElement?.getAttribute("value")')).toBe('accept');
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');

    // the 855 shows up on the message's timeline once the pipeline has answered
    await eventually(
      async () => {
        await page.goto(`${t.gateway.url}/admin/messages/${sent.id}`);
        return (await sent855.count()) > 0 ? true : undefined;
      },
      20_000,
      'the 855 on the message page',
    );
    await expectAccessible(page, 'message');
    expect(errors).toEqual([]);
  });

  it('lets an admin create a partner, match a spreadsheet’s columns, replay it in the shadows and activate it', async () => {
    const sample = path.resolve('mappings/harbor-pine/fixtures/spreadsheet.v1/store-replenishment.csv');
    const { page, errors } = await signedIn('admin');

    await page.goto(`${t.gateway.url}/admin/partners/new`);
    await page.getByLabel('Partner id').fill('birch-lane');
    await page.getByLabel('Name', { exact: true }).fill('Birch Lane Stores');
    await page.getByLabel('Identifier 1: type').selectOption('email');
    await page.getByLabel('Identifier 1: value').fill('orders@birchlane.example');
    await page.getByRole('button', { name: /create/i }).click();
    await page.waitForURL(/\/admin\/partners/);
    const apiKey = (await page.locator('.secret').first().textContent())?.trim();
    expect(apiKey).toMatch(/^og_key_/);
    expect((await page.locator('main').textContent())?.toLowerCase()).toContain('orders@birchlane.example');

    // the partner sends its spreadsheet, read by the default mapping: what the shadow replay reads again
    const upload = new FormData();
    upload.append('file', new Blob([readFileSync(sample)], { type: 'text/csv' }), 'store-replenishment.csv');
    const sent = await t.call('/v1/inbound/upload', { method: 'POST', token: apiKey!, body: upload });
    expect(sent.status).toBe(202);
    await t.settled(((await sent.json()) as { messageId: string }).messageId);

    await page.goto(`${t.gateway.url}/admin/mappings/birch-lane/spreadsheet/matcher`);
    await page.getByLabel('A CSV or XLSX the partner sends').setInputFiles(sample);
    await page.getByRole('button', { name: 'Detect the columns' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('Header found on row 5');
    await expectAccessible(page, 'column matcher with a sample');
    await screenshots(page, 'mappings-matcher-detected');
    const fields = ['shipTo', 'buyerItem', 'vendorItem', 'description', 'quantity', 'packSize', 'unitPrice'];
    for (const [i, field] of fields.entries())
      await page.getByLabel(`Field of column ${String.fromCharCode(65 + i)}`).selectOption(field);
    await page.locator('select[name="locale.dateOrder"]').selectOption('mdy');
    await page.getByRole('button', { name: 'Write the mapping as a new draft' }).click();
    await page.waitForURL(/\/admin\/mappings\/birch-lane\/spreadsheet\/\d+$/);
    const draft = page.url();

    await page.getByRole('button', { name: 'Replay' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('Shadow replay result');
    await expectAccessible(page, 'shadow replay');
    await screenshots(page, 'mappings-shadow-replay');

    await page.goto(draft);
    await page.getByLabel(/Sample \(only when/).setInputFiles(sample);
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toMatch(/spreadsheet v\d+ is active now/);
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows every page without a serious accessibility violation, at desktop and phone widths', async () => {
    // what the pages need to show something: an order with an exception, a connector, a mapping draft
    const sent = await t.deliver(x12Order('PO-BROWSER-2', [FIVE_LINES.lines[0]!], 7002), partnerKey);
    const one = async (sql: string) => (await t.query<{ id: string }>(sql))[0]?.id;
    const ids: Record<string, string | undefined> = {
      messages: sent.id,
      orders: await one(`select id from orders where po_number = 'PO-BROWSER-2'`),
      exceptions: await one(`select id from exceptions order by created_at desc limit 1`),
      products: 'WIDGET-1',
      'price-lists': await one(`select id from price_lists limit 1`),
      partners: FIVE_LINES.partnerId,
      connectors: 'browser-drop',
    };
    const dropDir = tempDir();
    await adminSend(
      t,
      'POST',
      '/v1/connectors',
      {
        id: 'browser-drop',
        connector: 'file-drop',
        config: { dir: dropDir.dir, partnerId: FIVE_LINES.partnerId },
      },
      201,
    );
    await adminSend(
      t,
      'POST',
      `/v1/partners/${FIVE_LINES.partnerId}/mappings/spreadsheet/drafts`,
      { yaml: 'document: spreadsheet\nversion: 1\nlocale:\n  decimal: "."\n  dateOrder: mdy\n' },
      201,
    );
    /** The values of a route's parameters: by the area's id, and the mapping studio's own. */
    const params: Record<string, string> = {
      partner: FIVE_LINES.partnerId,
      document: 'spreadsheet',
      version: '1',
    };
    /** A console GET route as a URL to visit, or undefined for a route that is no page (a download). */
    const urlOf = (route: string): string | undefined => {
      if (/\/(download|attachments\/:index|documents\/:id\/:format)$/.test(route)) return undefined;
      const area = route.split('/')[2]!;
      return route.replace(/:(\w+)/g, (_, name: string) =>
        encodeURIComponent(params[name] ?? ids[area] ?? `(no ${area} id)`),
      );
    };
    const app = createConsole({ version: 'test', publicUrl: 'http://localhost' } as ConsoleDeps);
    const pages = [...new Set(app.routes.filter((r) => r.method === 'GET').map((r) => r.path))]
      .filter((path) => !/^\/admin\/(assets|welcome|sign-in)/.test(path))
      .flatMap((route) => {
        const url = urlOf(route);
        // named by the route, not the ids (the README names these files)
        const name =
          route
            .replace(/^\/admin\/?/, '')
            .replace(/:/g, '')
            .replace(/[^\w]+/g, '-') || 'dashboard';
        return url === undefined ? [] : [{ url, name }];
      });
    expect(pages.filter((p) => p.url.includes('(no'))).toEqual([]);

    const { page, errors } = await signedIn('admin');
    for (const { url, name } of pages) {
      const res = await page.goto(`${t.gateway.url}${url}`);
      expect(res?.status(), url).toBe(200);
      await expectAccessible(page, url);
      await screenshots(page, name);
    }
    expect(errors).toEqual([]);
    dropDir.remove();
  }, 240_000);
});
