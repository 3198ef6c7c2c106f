import { expect } from 'vitest';
import { FIVE_LINES } from '../../src/rules/fixtures/five-lines.ts';
import { ADMIN, type TestGateway } from './gateway-harness.ts';

/** The X12 sender of the five-line example's partner. */
export const HARBOR_SENDER = { type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' } as const;

const pad = (s: string, n: number) => s.padEnd(n, ' ');

/** Item qualifier (PO1-06) for each kind of item number the example's lines carry. */
const QUALIFIER: Record<string, string> = {
  upc: 'UP',
  ean: 'EN',
  gtin: 'UK',
  buyerItem: 'BP',
  vendorItem: 'VN',
  sku: 'SK',
};

/** One 850 line: PO1 with the line's number, quantity, unit, price and item numbers. */
export interface X12Line {
  lineNumber: string;
  quantity: string;
  uom: string;
  unitPrice?: string;
  items: Record<string, string>;
}

/**
 * An interchange of one 850 from the example's partner: `lines` as PO1 segments, ship-to N1*ST*…*92*0042.
 * `control` is ISA13/GS06 (a partner's next transmission takes the next number); `sender` ISA06/GS02.
 */
export function x12Order(
  poNumber: string,
  lines: readonly X12Line[],
  control: number,
  shipTo = '0042',
  sender: string = HARBOR_SENDER.value,
): string {
  const isa13 = String(control).padStart(9, '0');
  const body = [`ST*850*0001`, `BEG*00*SA*${poNumber}**20260301`, `N1*ST*STORE*92*${shipTo}`];
  for (const line of lines) {
    const ids = Object.entries(line.items).flatMap(([kind, value]) => [QUALIFIER[kind], value]);
    body.push(
      `PO1*${line.lineNumber}*${line.quantity}*${line.uom}*${line.unitPrice ?? ''}**${ids.join('*')}`,
    );
  }
  body.push(`CTT*${lines.length}`);
  body.push(`SE*${body.length + 1}*0001`);
  return (
    `ISA*00*          *00*          *ZZ*${pad(sender, 15)}*ZZ*${pad('SUPPLIER', 15)}*260301*1200*U*00401*${isa13}*0*P*>~\n` +
    `GS*PO*${sender}*SUPPLIER*20260301*1200*${control}*X*004010~\n` +
    `${body.join('~\n')}~\nGE*1*${control}~\nIEA*1*${isa13}~\n`
  );
}

/** Sends a JSON body to an admin route and expects `status`. */
export async function adminSend(t: TestGateway, method: string, path: string, body: unknown, status: number) {
  const res = await t.call(path, {
    method,
    token: ADMIN,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(status);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/**
 * The example partner with its master data, all through the API as an admin sets it up: products, the
 * partner's item cross-reference and ship-to location, its price list and the stock. Returns its API key.
 */
export async function setUpFiveLinePartner(t: TestGateway, settings: object = {}): Promise<string> {
  const f = FIVE_LINES;
  const key = await t.createPartner({
    id: f.partnerId,
    name: 'Harbor & Pine',
    identifiers: [HARBOR_SENDER],
    settings,
  });
  await adminSend(t, 'POST', '/v1/products', f.products, 200);
  await adminSend(t, 'POST', `/v1/partners/${f.partnerId}/items`, f.items, 200);
  await adminSend(t, 'POST', `/v1/partners/${f.partnerId}/locations`, f.locations, 200);
  await adminSend(t, 'POST', '/v1/price-lists', f.priceList, 201);
  await adminSend(t, 'PUT', '/v1/inventory', f.inventory, 200);
  return key;
}
