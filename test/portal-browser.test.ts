import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { expectAccessible, launchChromium, screenshots, watchForErrors } from './support/browser.ts';
import { signInAs } from './support/console-client.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { closeMailServers, type Delivered, MAIL_PASS, MAIL_USER, mailServer } from './support/mail-server.ts';
import { codeMailedTo } from './support/portal-mail.ts';
import { setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

const embedded = gatewayModes()[0]!;
const EMAIL = 'buyer@harborpine.example';

describe('the partner portal in Debian’s Chromium', () => {
  let t: TestGateway;
  let browser: Browser;
  let inbox: Delivered[];
  let orderId: string;
  let inviteLink: string;

  beforeAll(async () => {
    const smtp = await mailServer();
    inbox = smtp.inbox;
    [t, browser] = await Promise.all([
      startTestGateway(embedded, {
        ORDERGATE_SMTP_URL: `smtp://${MAIL_USER}:${MAIL_PASS}@127.0.0.1:${smtp.port}`,
        ORDERGATE_MAIL_FROM: 'portal@supplier.example',
      }),
      launchChromium(),
    ]);
    const key = await setUpFiveLinePartner(t, {
      priceMismatch: 'accept-ours',
      quantityRule: 'round-up',
      unknownItem: 'reject-line',
    });
    const invited = await t.call(`/v1/partners/${FIVE_LINES.partnerId}/users`, {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ email: EMAIL, name: 'Bea Buyer' }),
      headers: { 'content-type': 'application/json' },
    });
    inviteLink = ((await invited.json()) as { inviteLink: string }).inviteLink;
    const { id, message } = await t.deliver(x12Order('PO-BROWSER-1', FIVE_LINES.lines, 9001), key);
    orderId = message.orders[0]!.id;
    await t.answers(id, 2);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await closeMailServers();
  });

  async function freshPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    return { page, errors: watchForErrors(page) };
  }

  it('signs in with a mailed code, lists the orders, opens one and downloads its confirmation PDF', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${t.gateway.url}/portal/orders`);
    expect(new URL(page.url()).pathname).toBe('/portal/sign-in');
    await expectAccessible(page, 'portal sign-in');
    await screenshots(page, 'portal-sign-in');
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByRole('button', { name: 'Mail me a code' }).click();
    await page.getByLabel('Code').waitFor();
    await expectAccessible(page, 'portal code');
    await screenshots(page, 'portal-code');
    await page.getByLabel('Code').fill(await codeMailedTo(inbox, EMAIL));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.gateway.url}/portal/orders`);
    await expectAccessible(page, 'portal orders');
    await screenshots(page, 'portal-orders');

    await page.getByRole('link', { name: 'PO-BROWSER-1' }).click();
    await page.waitForURL(`${t.gateway.url}/portal/orders/${orderId}`);
    expect(await page.locator('#line-3').textContent()).toContain('backordered');
    await expectAccessible(page, 'portal order');
    await screenshots(page, 'portal-order');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Order confirmation as PDF' }).first().click(),
    ]);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);

    await page.getByRole('link', { name: 'Change or cancel this order' }).click();
    await page.waitForURL(`${t.gateway.url}/portal/orders/${orderId}/change`);
    await expectAccessible(page, 'portal change');
    await screenshots(page, 'portal-change');

    await page.goto(`${t.gateway.url}/portal/invoices`);
    await expectAccessible(page, 'portal invoices');
    await screenshots(page, 'portal-invoices');
    const missing = await page.goto(`${t.gateway.url}/portal/orders/not-an-order`);
    expect(missing?.status()).toBe(404);
    await expectAccessible(page, 'portal not found');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.gateway.url}/portal/sign-in`);
    expect(errors).toEqual([]);
  });

  it('an invite link opens the portal with one click, accessibly', async () => {
    const { page, errors } = await freshPage();
    // the link names ORDERGATE_PUBLIC_URL (localhost); the test's gateway is reached at its address
    await page.goto(`${t.gateway.url}${new URL(inviteLink).pathname}`);
    await expectAccessible(page, 'portal invite');
    await screenshots(page, 'portal-invite');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.gateway.url}/portal/orders`);
    expect(await page.getByRole('link', { name: 'PO-BROWSER-1' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the console’s portal users page of a partner is accessible', async () => {
    const admin = await signInAs(t, 'admin');
    const { page, errors } = await freshPage();
    const [name, value] = admin.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: t.gateway.url }]);
    await page.goto(`${t.gateway.url}/admin/partners/${FIVE_LINES.partnerId}/portal-users`);
    expect(await page.getByRole('cell', { name: EMAIL, exact: true }).count()).toBe(1);
    await expectAccessible(page, 'console portal users');
    expect(errors).toEqual([]);
  });
});
