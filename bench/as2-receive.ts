/**
 * AS2 receive benchmark (issue 18): `node --import tsx bench/as2-receive.ts`. The reference peer
 * (test/support/as2-peer: openssl + curl) posts 1 MB X12 interchanges, signed (SHA-256) and encrypted
 * (AES-256-CBC), to the gateway's `POST /as2/:partnerId`, asking for a signed synchronous MDN; the gateway is an
 * HTTP-only process (bench/api-only.ts: the door stores the request, decrypts, verifies, keeps the payload
 * for decoding and signs the MDN; the pipeline that decodes the X12 afterwards is not measured here). Beside it,
 * in the same run, the reference: `openssl cms -decrypt` then `openssl cms -verify` of the very same request
 * body, as many times with as many in parallel. The gateway holds a key pair the peer made and imported, so
 * openssl can open the same file.
 *
 * Figures: messages/s, CPU ms per message (the gateway process's user + system time from /proc, so with
 * PostgreSQL the database server's own CPU is not in it, while embedded PGlite runs inside the gateway and is;
 * openssl's from bash's `time` over its children), and latency of each POST. Setups: PostgreSQL when DATABASE_URL/REDIS_URL
 * are set, and embedded (PGlite). Every answer must be a `processed` MDN, the first one verified by openssl
 * with the MIC the peer computed.
 * BENCH_AS2_MESSAGES (default 40), BENCH_AS2_CONCURRENCY (2), BENCH_AS2_MB (1), BENCH_AS2_SETUPS=postgres,embedded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAs2Request } from '../test/support/as2-peer/client.ts';
import { curlPost } from '../test/support/as2-peer/curl.ts';
import { checkMdn } from '../test/support/as2-peer/mdn-check.ts';
import { run } from '../test/support/as2-peer/openssl.ts';
import { type As2Peer, createPeer } from '../test/support/as2-peer/peer.ts';
import { freshPostgresUrl } from '../test/support/services.ts';
import { cpuSeconds, exited, startGatewayProcess } from './gateway-process.ts';
import { interchangeText } from './x12-fixture.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MESSAGES = num('BENCH_AS2_MESSAGES', 40);
const CONCURRENCY = num('BENCH_AS2_CONCURRENCY', 2);
const MEGABYTES = num('BENCH_AS2_MB', 1);
const ONLY = (process.env.BENCH_AS2_SETUPS ?? '').split(',').filter(Boolean);
const ADMIN_TOKEN = `bench-admin-${randomUUID()}`;
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const REDIS_URL = process.env.REDIS_URL || undefined;
const PARTNER = 'as2-bench-peer';

/** A CRLF X12 interchange of 850s of about `megabytes` MB (CRLF: openssl's S/MIME reader then reads the bytes signed). */
function payloadOf(megabytes: number): Buffer {
  const oneSet = interchangeText(1, 'AS2-', 1, 1, 100).length;
  const sets = Math.max(1, Math.round((megabytes * 1024 * 1024) / oneSet));
  return Buffer.from(interchangeText(1, 'AS2-', 1, sets, 100).replaceAll('\n', '\r\n'), 'latin1');
}

interface Measured {
  label: string;
  messagesPerSecond: number;
  cpuMsPerMessage: number;
  p50Ms: number;
  maxMs: number;
  processed: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** The admin API call, failing loudly on anything but the expected status. */
async function admin<T>(url: string, path: string, body: object, expected = 201): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== expected) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The gateway's partner (the peer, by its AS2 name) and the key pair it receives with (imported: the peer's). */
async function setUp(
  url: string,
  peer: As2Peer,
  gatewayKey: { certPem: string; keyPem: string },
): Promise<void> {
  await admin(url, '/v1/partners', {
    id: PARTNER,
    name: 'AS2 bench peer',
    identifiers: [{ type: 'as2', value: peer.name }],
    settings: { as2: { ourId: 'ORDERGATE' } },
  });
  await admin(url, '/v1/as2/keys', {
    import: { name: 'bench', certificatePem: gatewayKey.certPem, privateKeyPem: gatewayKey.keyPem },
  });
  await admin(url, `/v1/partners/${PARTNER}/as2/certificates`, {
    name: 'peer',
    certificatePem: peer.identity.certPem,
    usage: 'both',
  });
}

/** Posts `count` copies of the request (each its own Message-ID), `CONCURRENCY` at a time. */
async function postAll(
  peer: As2Peer,
  url: string,
  request: { headers: Record<string, string>; body: Buffer },
  count: number,
): Promise<{
  latencies: number[];
  answers: { status: number; headers: Record<string, string>; body: Buffer }[];
}> {
  const latencies: number[] = [];
  const answers: { status: number; headers: Record<string, string>; body: Buffer }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const started = performance.now();
        const answer = await curlPost(
          peer.openssl,
          url,
          {
            ...request.headers,
            'Message-ID': `<bench-${randomUUID()}@reference-peer>`,
          },
          request.body,
        );
        latencies.push(performance.now() - started);
        answers.push(answer);
      }
    }),
  );
  return { latencies, answers };
}

async function measureGateway(
  label: string,
  embedded: boolean,
  peer: As2Peer,
  gatewayKey: Awaited<ReturnType<As2Peer['openssl']['identity']>>,
  payload: Buffer,
): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ordergate-bench-as2-'));
  const database = embedded ? undefined : await freshPostgresUrl('ordergate_bench_');
  const env: Record<string, string> = {
    ORDERGATE_DATA_DIR: dataDir,
    ...(database
      ? {
          DATABASE_URL: database.url,
          REDIS_URL: REDIS_URL!,
          ORDERGATE_QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
        }
      : {}),
  };
  let gateway: { child: ChildProcess; url: string } | undefined;
  try {
    gateway = await startGatewayProcess('api', {
      ...env,
      ORDERGATE_ADMIN_TOKEN: ADMIN_TOKEN,
      ORDERGATE_MAPPINGS_DIR: join(env.ORDERGATE_DATA_DIR!, 'no-mappings'),
      LOG_LEVEL: 'warn',
    });
    await setUp(gateway.url, peer, gatewayKey);
    const built = await buildAs2Request(peer, {
      url: `${gateway.url}/as2/${PARTNER}`,
      as2From: peer.name,
      as2To: 'ORDERGATE',
      payload,
      filename: 'orders.x12',
      contentType: 'application/edi-x12',
      sign: 'sha256',
      encrypt: 'aes256',
      recipientCertPem: gatewayKey.certPem,
      mdn: 'sync',
      mdnSigned: true,
      micAlgs: ['sha-256'],
    });
    const door = `${gateway.url}/as2/${PARTNER}`;
    // the first answer judged whole by openssl: signature, disposition, MIC
    const first = await curlPost(peer.openssl, door, built.request.headers, built.request.body);
    const check = await checkMdn(peer.openssl, first, {
      gatewayCertPem: gatewayKey.certPem,
      expectedMic: built.expectedMic,
      micAlg: built.micAlg,
    });
    if (first.status !== 200 || !check.signatureValid || check.status !== 'processed' || !check.micMatches)
      throw new Error(`the gateway's first MDN does not hold: ${first.status} ${JSON.stringify(check)}`);
    await postAll(peer, door, built.request, CONCURRENCY); // warm-up
    const pid = gateway.child.pid!;
    const [cpu, wall] = [cpuSeconds(pid), performance.now()];
    const { latencies, answers } = await postAll(peer, door, built.request, MESSAGES);
    const seconds = (performance.now() - wall) / 1000;
    const cpuMs = ((cpuSeconds(pid) - cpu) * 1000) / MESSAGES;
    const processed = answers.filter(
      (a) =>
        a.status === 200 &&
        /Disposition: automatic-action\/MDN-sent-automatically; processed\r?\n/.test(
          a.body.toString('latin1'),
        ),
    ).length;
    latencies.sort((a, b) => a - b);
    return {
      label,
      messagesPerSecond: MESSAGES / seconds,
      cpuMsPerMessage: cpuMs,
      p50Ms: percentile(latencies, 0.5),
      maxMs: latencies.at(-1)!,
      processed,
    };
  } finally {
    if (gateway) {
      gateway.child.kill('SIGTERM');
      await exited(gateway.child);
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * openssl on the same request body: decrypt, then verify what came out (`-inform SMIME`: openssl reads the
 * multipart/signed itself), MESSAGES times, CONCURRENCY loops in parallel; CPU from bash's `time`.
 */
async function measureOpenssl(
  peer: As2Peer,
  gatewayKey: Awaited<ReturnType<As2Peer['openssl']['identity']>>,
  payload: Buffer,
): Promise<Measured> {
  const built = await buildAs2Request(peer, {
    url: 'http://unused',
    as2From: peer.name,
    as2To: 'ORDERGATE',
    payload,
    filename: 'orders.x12',
    contentType: 'application/edi-x12',
    sign: 'sha256',
    encrypt: 'aes256',
    recipientCertPem: gatewayKey.certPem,
    mdn: 'sync',
    mdnSigned: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'ordergate-bench-as2-openssl-'));
  try {
    writeFileSync(join(dir, 'body.der'), built.request.body);
    writeFileSync(join(dir, 'peer.pem'), peer.identity.certPem);
    const perLoop = Math.ceil(MESSAGES / CONCURRENCY);
    const loop = (j: number) =>
      `(for i in $(seq ${perLoop}); do ` +
      `openssl cms -decrypt -binary -inform DER -in body.der -recip '${gatewayKey.certPath}' -inkey '${gatewayKey.keyPath}' -out plain-${j} && ` +
      `openssl cms -verify -inform SMIME -in plain-${j} -CAfile peer.pem -purpose any -out /dev/null 2>/dev/null || exit 1; done) &`;
    const script = `cd '${dir}'; TIMEFORMAT='%R %U %S'; time ( ${Array.from({ length: CONCURRENCY }, (_, j) => loop(j)).join(' ')} wait )`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('exit', (code) =>
        code === 0 ? resolve(stderr) : reject(new Error(`openssl loop: ${stderr}`)),
      );
    });
    const [real, user, sys] = out.trim().split('\n').at(-1)!.split(' ').map(Number) as [
      number,
      number,
      number,
    ];
    const count = perLoop * CONCURRENCY;
    // one run alone for the latency of a single decrypt + verify
    const started = performance.now();
    await run('bash', [
      '-c',
      `cd '${dir}'; openssl cms -decrypt -binary -inform DER -in body.der -recip '${gatewayKey.certPath}' -inkey '${gatewayKey.keyPath}' -out one && openssl cms -verify -inform SMIME -in one -CAfile peer.pem -purpose any -out /dev/null 2>/dev/null`,
    ]);
    const single = performance.now() - started;
    return {
      label: 'openssl cms -decrypt + -verify (reference)',
      messagesPerSecond: count / real,
      cpuMsPerMessage: ((user + sys) * 1000) / count,
      p50Ms: single,
      maxMs: single,
      processed: count,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const describe = (m: Measured) =>
  `${m.label}: ${m.messagesPerSecond.toFixed(2)} messages/s, ${m.cpuMsPerMessage.toFixed(0)} CPU ms/message, ` +
  `latency p50 ${m.p50Ms.toFixed(0)} ms, max ${m.maxMs.toFixed(0)} ms; ${m.processed} processed`;

async function main(): Promise<void> {
  const peer = await createPeer('BENCHPEER');
  try {
    const gatewayKey = await peer.openssl.identity('ORDERGATE');
    const payload = payloadOf(MEGABYTES);
    console.log(
      `AS2 receive: ${MESSAGES} messages of ${(payload.length / 1024 / 1024).toFixed(2)} MB X12, signed SHA-256, ` +
        `encrypted AES-256-CBC, signed sync MDN; ${CONCURRENCY} at a time; the gateway HTTP-only`,
    );
    const setups = [
      ...(DATABASE_URL && REDIS_URL
        ? [{ name: 'postgres', label: 'gateway, PostgreSQL', embedded: false }]
        : []),
      { name: 'embedded', label: 'gateway, embedded', embedded: true },
    ].filter((s) => ONLY.length === 0 || ONLY.includes(s.name));
    const results: Measured[] = [];
    for (const setup of setups) {
      results.push(await measureGateway(setup.label, setup.embedded, peer, gatewayKey, payload));
      console.log(describe(results.at(-1)!));
    }
    const reference = await measureOpenssl(peer, gatewayKey, payload);
    console.log(describe(reference));
    for (const r of results)
      console.log(
        `${r.label} / openssl: ${(r.messagesPerSecond / reference.messagesPerSecond).toFixed(2)}× the messages/s, ` +
          `${(r.cpuMsPerMessage / reference.cpuMsPerMessage).toFixed(2)}× the CPU per message`,
      );
    const short = results.filter((r) => r.processed !== MESSAGES);
    if (short.length > 0)
      throw new Error(`not every message was processed: ${short.map(describe).join('; ')}`);
  } finally {
    await peer.close();
  }
}

await main();
