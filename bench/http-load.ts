/**
 * A keep-alive HTTP load generator for bench/http-intake.ts, run as a process of its own so its CPU is not the
 * gateway's: `node --import tsx bench/http-load.ts` with its settings as one JSON argument. Each of
 * `connections` keep-alive connections posts, awaits the answer and posts again for `seconds`; every POST
 * carries an interchange of its own (ISA13 and PO number from `firstControl` on). Prints one JSON line:
 * answers by status, requests/s and latency percentiles.
 */
import http from 'node:http';
import { interchangeText } from './x12-fixture.ts';

export interface LoadSettings {
  url: string;
  apiKey: string;
  connections: number;
  seconds: number;
  firstControl: number;
  lines: number;
}

export interface LoadResult {
  statuses: Record<string, number>;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

function post(agent: http.Agent, url: URL, apiKey: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/edi-x12',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function run(settings: LoadSettings): Promise<LoadResult> {
  const url = new URL('/v1/inbound/x12', settings.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let errors = 0;
  let control = settings.firstControl;
  const started = performance.now();
  const until = started + settings.seconds * 1000;
  await Promise.all(
    Array.from({ length: settings.connections }, async () => {
      while (performance.now() < until) {
        const n = control++;
        const body = interchangeText(n, 'H', n, 1, settings.lines);
        const sent = performance.now();
        try {
          const status = await post(agent, url, settings.apiKey, body);
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - sent);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    statuses,
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: Math.round(latencies[latencies.length - 1] ?? 0),
    errors,
  };
}

if (process.argv[2] !== undefined) {
  console.log(JSON.stringify(await run(JSON.parse(process.argv[2]) as LoadSettings)));
}
