/**
 * Mailbox benchmark: `npm run bench` (all benches) or `node --import tsx bench/mailbox.ts`.
 *
 * A mailbox of BENCH_MAILS order mails (each a small CSV order form with a PO of its own, from
 * BENCH_MAIL_SENDERS partner addresses) end to end on a real Dovecot: all mails are appended first, then an
 * `imap` connector instance is created on a gateway started in this process (`startGateway`, as `serve` runs:
 * HTTP, the pipeline in its own thread), and the clock runs from that moment until the SMTP server (a real one,
 * on loopback) holds a reply to every mail. Reported: mails/minute end to end (target ≥ 600/min), and when the
 * intake had stored (and moved to the processed folder) the last mail, so a shortfall shows whether the
 * mailbox read or the pipeline behind it is slow. Embedded always; PostgreSQL + Redis (fresh database and key
 * prefix) too when DATABASE_URL and REDIS_URL are set.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type Gateway, startGateway } from '../src/gateway.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import {
  mailboxClient,
  type RunningDovecot,
  startDovecot,
  testMailboxConfig,
} from '../test/support/dovecot.ts';
import { closeMailServers, type Delivered, mailServer } from '../test/support/mail-server.ts';
import { freshPostgresUrl } from '../test/support/services.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MAILS = num('BENCH_MAILS', 1_000);
/** Under ORDERGATE_MAIL_REPLIES_PER_HOUR (20) mails per address, so no reply is withheld as a mail loop. */
const SENDERS = num('BENCH_MAIL_SENDERS', 100);
const TIMEOUT_MS = num('BENCH_TIMEOUT_S', 600) * 1000;
const TARGET_PER_MINUTE = 600;
const ADMIN_TOKEN = `bench-admin-${randomUUID()}`;
const OUR_ADDRESS = 'orders@supplier.example';
const ORDER_FORM = readFileSync(
  join(ROOT, 'test/fixtures/spreadsheets/en_order_form_comma_utf8.csv'),
  'utf8',
);

const DATABASE_URL = process.env.DATABASE_URL || undefined;
const REDIS_URL = process.env.REDIS_URL || undefined;

interface Result {
  label: string;
  /** From the instance's creation until the last mail was in the processed folder (stored, then moved). */
  storedSeconds: number;
  /** From the instance's creation until every mail had its reply at the SMTP server. */
  repliedSeconds: number;
}

const senderOf = (i: number) => `buyer@sender${i % SENDERS}.example`;

function orderMail(i: number, run: string): Promise<Buffer> {
  const po = `MB-${run}-${i}`;
  const composer = new MailComposer({
    from: senderOf(i),
    to: OUR_ADDRESS,
    subject: `Order ${po}`,
    messageId: `<mb-${i}.${run}@mail.example>`,
    date: new Date('2026-12-03T09:15:00Z'),
    text: 'Please find our order attached.\n',
    attachments: [{ filename: `order-${po}.csv`, content: ORDER_FORM.replace('4711-B', po) }],
  });
  return new Promise((resolve, reject) => composer.compile().build((e, m) => (e ? reject(e) : resolve(m))));
}

/** The mail a delivery answers (its In-Reply-To, without angle brackets). */
function inReplyTo(delivered: Delivered): string | undefined {
  const head = delivered.raw.toString('latin1').split(/\r?\n\r?\n/, 1)[0]!;
  return /^In-Reply-To:\s*<([^>]+)>/im.exec(head)?.[1];
}

async function runOnce(label: string, dovecot: RunningDovecot, env: Record<string, string>): Promise<Result> {
  const run = randomUUID().slice(0, 8);
  const folder = `bench-${run}`;
  const processed = `${folder}-done`;
  const smtp = await mailServer();
  const imap = await mailboxClient(dovecot);
  let gateway: Gateway | undefined;
  try {
    await imap.mailboxCreate(folder);
    for (let i = 0; i < MAILS; i++) await imap.append(folder, await orderMail(i, run));
    const config = loadConfig({
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      ORDERGATE_ADMIN_TOKEN: ADMIN_TOKEN,
      ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1',
      LOG_LEVEL: 'silent',
    });
    gateway = await startGateway(config, createLogger('silent'), {
      http: true,
      workers: true,
      announceAdminToken: () => {},
    });
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${gateway!.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    };
    for (let s = 0; s < Math.min(SENDERS, MAILS); s++)
      await post('/v1/partners', {
        id: `mail-sender-${s}`,
        name: `Mail Sender ${s}`,
        identifiers: [{ type: 'email', value: senderOf(s) }],
        settings: { emailAuth: 'none' },
      });

    const started = performance.now();
    await post('/v1/connectors', {
      id: `bench-mailbox-${run}`,
      connector: 'imap',
      config: testMailboxConfig(dovecot, {
        folder,
        processedFolder: processed,
        smtpPort: smtp.port,
        from: OUR_ADDRESS,
      }),
    });
    let storedSeconds: number | undefined;
    const answered = new Set<string>();
    let seen = 0;
    for (;;) {
      for (; seen < smtp.inbox.length; seen++) {
        const mail = inReplyTo(smtp.inbox[seen]!);
        if (mail !== undefined) answered.add(mail);
      }
      if (storedSeconds === undefined) {
        const status = await imap.status(processed, { messages: true }).catch(() => false as const);
        if (status !== false && status.messages === MAILS)
          storedSeconds = (performance.now() - started) / 1000;
      }
      if (answered.size >= MAILS && storedSeconds !== undefined) break;
      if (performance.now() - started > TIMEOUT_MS)
        throw new Error(`${label}: ${answered.size} of ${MAILS} mails answered after ${TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const result = { label, storedSeconds, repliedSeconds: (performance.now() - started) / 1000 };
    console.log(
      `  ${label}: all ${MAILS} stored after ${result.storedSeconds.toFixed(1)} s, ` +
        `all answered after ${result.repliedSeconds.toFixed(1)} s`,
    );
    return result;
  } finally {
    await gateway?.close();
    await imap.logout().catch(() => imap.close());
  }
}

async function embedded(dovecot: RunningDovecot): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'ordergate-bench-'));
  try {
    return await runOnce('embedded (PGlite, in-process)', dovecot, {
      ORDERGATE_DATA_DIR: dir,
      ORDERGATE_MAPPINGS_DIR: join(dir, 'no-mappings'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(dovecot: RunningDovecot): Promise<Result> {
  const database = await freshPostgresUrl('ordergate_bench_');
  const dir = mkdtempSync(join(tmpdir(), 'ordergate-bench-'));
  const prefix = `ordergate-bench-${randomUUID().slice(0, 8)}`;
  try {
    return await runOnce('postgres+redis (in-process)', dovecot, {
      DATABASE_URL: database.url,
      REDIS_URL: REDIS_URL!,
      ORDERGATE_QUEUE_PREFIX: prefix,
      ORDERGATE_DATA_DIR: dir,
      ORDERGATE_MAPPINGS_DIR: join(dir, 'no-mappings'),
    });
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const perMinute = (seconds: number) => Math.round((MAILS / seconds) * 60);

export async function run(): Promise<void> {
  console.log(
    `Mailbox: ${MAILS.toLocaleString('en-US')} order mails (a CSV order form each, ${SENDERS} senders) on Dovecot, ` +
      'read by an imap instance, each answered through a real SMTP server; timed from creating the instance',
  );
  const dovecot = await startDovecot();
  const results: Result[] = [];
  try {
    if (DATABASE_URL && REDIS_URL) results.push(await postgres(dovecot));
    else console.log('DATABASE_URL or REDIS_URL unset: only the embedded mode runs');
    results.push(await embedded(dovecot));
  } finally {
    await closeMailServers();
    await dovecot.stop();
  }
  console.log(`${'setup'.padEnd(32)}${'stored/min'.padStart(12)}${'answered/min'.padStart(14)}`);
  for (const r of results)
    console.log(
      r.label.padEnd(32) +
        String(perMinute(r.storedSeconds)).padStart(12) +
        String(perMinute(r.repliedSeconds)).padStart(14),
    );
  console.log(`target: every mail answered, ≥ ${TARGET_PER_MINUTE} mails/min end to end`);
  for (const r of results)
    console.log(
      `  ${r.label.padEnd(30)} ${perMinute(r.repliedSeconds) >= TARGET_PER_MINUTE ? 'PASS' : 'MISS'}`,
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  // postgres.js and BullMQ clients of closed gateways may keep timers; the report is printed
  process.exit(0);
}
