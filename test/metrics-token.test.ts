import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

const METRICS_TOKEN = 'scraper-token-0123456789';

// With ORDERGATE_METRICS_TOKEN set, /metrics answers its scraper only; without, it is open (test/http.test.ts).
describe.each(gatewayModes())('/metrics behind ORDERGATE_METRICS_TOKEN ($name)', (mode) => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway(mode, { ORDERGATE_METRICS_TOKEN: METRICS_TOKEN });
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers the metrics token, and nobody else: not even the admin token', async () => {
    const refusals: [string, Record<string, string>][] = [
      ['no token', {}],
      ['a wrong token', { authorization: 'Bearer not-the-metrics-token' }],
      ['the token with a suffix', { authorization: `Bearer ${METRICS_TOKEN}x` }],
      ['a prefix of the token', { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` }],
      ['the admin token', { authorization: `Bearer ${ADMIN}` }],
      ['the token as basic credentials', { authorization: `Basic ${METRICS_TOKEN}` }],
    ];
    for (const [who, headers] of refusals) {
      const res = await t.call('/metrics', { headers });
      expect(res.status, who).toBe(401);
      expect(res.headers.get('www-authenticate'), who).toBe('Bearer');
      expect(await res.json(), who).toEqual({
        error: { code: 'auth.unauthorized', message: expect.any(String) },
      });
    }
    const res = await t.call('/metrics', { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toMatch(
      /ordergate_http_requests_total\{method="GET",route="\/metrics",status="401"\} 6/,
    );
    // the token guards /metrics only
    expect((await t.call('/healthz')).status).toBe(200);
  });
});
