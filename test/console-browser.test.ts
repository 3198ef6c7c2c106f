import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, screenshots, watchForErrors } from './support/browser.ts';
import { signInAs, TEST_PASSWORD } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

const embedded = gatewayModes()[0]!;

describe('the console in Debian’s Chromium', () => {
  let t: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestGateway(embedded), launchChromium()]);
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
    await expectAccessible(page, 'users');
    await screenshots(page, 'users');
    expect(errors).toEqual([]);
  });
});
