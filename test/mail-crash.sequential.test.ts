import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../src/db/client.ts';
import { mailboxClient, type RunningDovecot, startDovecot, testMailboxConfig } from './support/dovecot.ts';
import { ADMIN, gatewayModes } from './support/gateway-harness.ts';
import { closeMailServers, type Delivered, mailServer } from './support/mail-server.ts';
import { seededRandom, testSeed } from './support/seeded-random.ts';
import { type ServedGateway, serveGateway } from './support/served-gateway.ts';
import { eventually } from './support/services.ts';

/**
 * A real `ordergate serve` SIGKILLed twice while it works through a mailbox of order mails on Dovecot, and
 * started again on the same database each time. In the end every mail must be stored once, give its one order
 * once and be answered once (at the SMTP server), and have left the folder it came in for the processed one.
 * The kill points are drawn from FAULT_SEED (printed): the first while the intake is still storing mails, the
 * second while the replies are going out.
 */
const MAILS = 200;
const PARTNERS = 20;
const OUR_ADDRESS = 'orders@supplier.example';
/** Jobs a worker runs at once per stage: at most this many replies can be in flight when the gateway is killed. */
const WORKER_CONCURRENCY = 8;
/** The proven English order form, its order number replaced by each mail's own. */
const ORDER_FORM = readFileSync('test/fixtures/spreadsheets/en_order_form_comma_utf8.csv', 'utf8');

const seed = testSeed('FAULT_SEED', 'test/mail-crash.sequential.test.ts');

let dovecot: RunningDovecot;
beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await closeMailServers();
  await dovecot?.stop();
});

const senderOf = (i: number) => `buyer@partner${String(i % PARTNERS).padStart(2, '0')}.example`;
const poOf = (i: number) => `CRASH-${String(i).padStart(4, '0')}`;

async function composeOrderMail(i: number, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: senderOf(i),
    to: OUR_ADDRESS,
    subject: `Order ${poOf(i)}`,
    messageId: `<${messageId}>`,
    date: new Date('2026-12-03T09:15:00Z'),
    text: 'Please find our order attached.\n',
    attachments: [{ filename: `order-${poOf(i)}.csv`, content: ORDER_FORM.replace('4711-B', poOf(i)) }],
  });
  return new Promise((resolve, reject) => composer.compile().build((e, m) => (e ? reject(e) : resolve(m))));
}

/** The In-Reply-To and Message-ID of a mail the SMTP server received (header lines, unfolded by the composer). */
function threading(delivered: Delivered): { inReplyTo?: string; messageId?: string } {
  const head = delivered.raw.toString('latin1').split(/\r?\n\r?\n/, 1)[0]!;
  return {
    inReplyTo: /^In-Reply-To:\s*<([^>]+)>/im.exec(head)?.[1],
    messageId: /^Message-ID:\s*<([^>]+)>/im.exec(head)?.[1],
  };
}

describe.each(gatewayModes())('a served gateway SIGKILLed while it reads a mailbox ($name)', (mode) => {
  it(`stores, orders and answers each of ${MAILS} mails once (one reply each) across two kills`, async () => {
    const random = seededRandom(seed);
    // while the intake is still storing (it stores mails one by one, well ahead of the replies)
    const killAfterStored = 20 + Math.floor(random() * 30);
    // while the replies go out: the deliver stage is the one that talks to the outside world
    const killAfterReplies = 90 + Math.floor(random() * 60);
    const folder = `crash-${mode.name.replace(/\W+/g, '-')}`;
    const processed = `${folder}-done`;
    const idOf = (i: number) => `crash-${i}.${folder}@mail.example`;
    const smtp = await mailServer();
    const setup = await mode.env();
    const env = {
      ...setup.env,
      ORDERGATE_ADMIN_TOKEN: ADMIN,
      ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1',
      ORDERGATE_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    };
    const imap = await mailboxClient(dovecot);
    let served: ServedGateway | undefined;
    try {
      const count = async (name: string) => {
        const status = await imap.status(name, { messages: true });
        if (status === false) throw new Error(`no folder ${name}`);
        return status.messages ?? 0;
      };
      served = await serveGateway(env);
      const call = (path: string, body?: unknown) =>
        fetch(`${served!.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      for (let p = 0; p < PARTNERS; p++) {
        const res = await call('/v1/partners', {
          id: `mail-partner-${p}`,
          name: `Mail Partner ${p}`,
          identifiers: [{ type: 'email', value: senderOf(p) }],
          settings: { emailAuth: 'none' },
        });
        expect(res.status, await res.text()).toBe(201);
      }
      // the whole mailbox is there before the gateway starts reading it
      await imap.mailboxCreate(folder);
      // made here so the test can count it at the end even when the pipeline never had to use it
      await imap.mailboxCreate(`${folder}-failed`);
      for (let i = 0; i < MAILS; i++) await imap.append(folder, await composeOrderMail(i, idOf(i)));
      expect(await count(folder)).toBe(MAILS);

      const started = performance.now();
      const res = await call('/v1/connectors', {
        id: 'crash-mailbox',
        connector: 'imap',
        config: testMailboxConfig(dovecot, {
          folder,
          processedFolder: processed,
          smtpPort: smtp.port,
          from: OUR_ADDRESS,
        }),
      });
      expect(res.status, await res.text()).toBe(201);

      // A mail is moved to the processed folder only once it is committed: the count there is a lower bound
      // of the mails stored, read from outside the process that is about to die.
      const kills: { at: string; stored: number; replies: number; restartMs: number }[] = [];
      const killAndRestart = async (at: string) => {
        await served!.child.kill();
        const stored = await count(processed);
        const replies = smtp.inbox.length;
        const restarting = performance.now();
        served = await serveGateway(env);
        kills.push({ at, stored, replies, restartMs: Math.round(performance.now() - restarting) });
      };
      await eventually(
        async () => ((await count(processed)) >= killAfterStored ? true : undefined),
        120_000,
        `${killAfterStored} mails stored and moved`,
      );
      await killAndRestart(`${killAfterStored} stored`);
      await eventually(
        async () => (smtp.inbox.length >= killAfterReplies ? true : undefined),
        180_000,
        `${killAfterReplies} replies sent`,
      );
      await killAndRestart(`${killAfterReplies} replies`);

      // done: every mail answered, the folder empty, and no job left to run (so no send is still to come)
      const answered = () => new Set(smtp.inbox.map((m) => threading(m).inReplyTo)).size;
      await eventually(
        async () => {
          if (answered() < MAILS || (await count(folder)) > 0) return undefined;
          const pending = (await (await call('/v1/jobs?status=pending&limit=1')).json()) as {
            jobs: unknown[];
          };
          return pending.jobs.length === 0 ? true : undefined;
        },
        180_000,
        `every mail answered and no job pending (answered ${answered()})`,
      );
      const seconds = (performance.now() - started) / 1000;
      await served.stop();
      served = undefined;

      // what the SMTP server received, by the mail each delivery answers
      const byMail = new Map<string, { to: string[]; messageId?: string }[]>();
      for (const delivered of smtp.inbox) {
        const { inReplyTo, messageId } = threading(delivered);
        const list = byMail.get(inReplyTo ?? '(none)') ?? [];
        list.push({ to: delivered.to, ...(messageId ? { messageId } : {}) });
        byMail.set(inReplyTo ?? '(none)', list);
      }
      const repeated = [...byMail].filter(([, list]) => list.length > 1);
      const database = await openDatabase(
        setup.env.DATABASE_URL ? { url: setup.env.DATABASE_URL } : { dataDir: setup.env.ORDERGATE_DATA_DIR! },
      );
      try {
        const query = async <T>(text: string) => rowsOf<T>(await database.db.execute(sql.raw(text)));
        const [retried] = await query<{ n: string; stages: string | null }>(
          `select count(*) as n, string_agg(distinct stage, ',') as stages from jobs where attempts > 1`,
        );
        console.info(
          `mail crash (${mode.name}): ${JSON.stringify({
            mails: MAILS,
            seconds: Math.round(seconds * 10) / 10,
            mailsPerMinute: Math.round((MAILS / seconds) * 60),
            kills,
            jobsRunAgain: Number(retried?.n),
            stagesRunAgain: retried?.stages,
            smtpDeliveries: smtp.inbox.length,
            // the same reply (same Message-ID) sent again, or a second, different reply to one mail
            repeatedReplies: repeated.map(([mail, list]) => ({
              mail,
              messageIds: list.map((d) => d.messageId),
            })),
          })}`,
        );

        const mails = await query<{ filename: string; n: string }>(
          `select filename, count(*) as n from messages where direction = 'inbound' and channel = 'email'
            group by filename order by filename`,
        );
        const expectedIds = Array.from({ length: MAILS }, (_, i) => idOf(i)).sort();
        expect(mails.map((m) => m.filename)).toEqual(expectedIds);
        expect(mails.filter((m) => Number(m.n) !== 1)).toEqual([]);

        // one order per mail: its own PO, from the mail that carried it, never twice
        const orders = await query<{ po: string; filename: string }>(
          `select o.po_number as po, m.filename from orders o join messages m on m.id = o.message_id
            order by o.po_number`,
        );
        expect(orders).toEqual(
          Array.from({ length: MAILS }, (_, i) => ({ po: poOf(i), filename: idOf(i) })).sort((a, b) =>
            a.po.localeCompare(b.po),
          ),
        );
        const replies = await query<{ status: string; n: string }>(
          `select status, count(*) as n from outbound_documents where type = 'email-reply' group by status`,
        );
        expect(replies.map((r) => ({ status: r.status, n: Number(r.n) }))).toEqual([
          { status: 'delivered', n: MAILS },
        ]);
        const stuck = await query<{ stage: string; status: string }>(
          `select stage, status from jobs where status <> 'done'`,
        );
        expect(stuck).toEqual([]);
      } finally {
        await database.close();
      }

      // every sender answered exactly once per mail, at its own address
      expect([...byMail.keys()].sort()).toEqual(Array.from({ length: MAILS }, (_, i) => idOf(i)).sort());
      for (let i = 0; i < MAILS; i++) expect(byMail.get(idOf(i))?.[0]?.to).toEqual([senderOf(i)]);
      // Exactly one reply per mail: every copy the server got of a mail's answer is the one stored reply, by its
      // Message-ID. SMTP has no way to ask whether a message arrived, so a kill after the server accepted a
      // reply and before its delivery was recorded sends that same message again (at-least-once, as any mail
      // server's queue after a crash); receivers recognise it by the Message-ID. Only sends in flight at a kill
      // can be repeated: at most the deliver stage's concurrency per kill.
      expect(
        repeated
          .map(([mail, list]) => ({ mail, messageIds: new Set(list.map((d) => d.messageId)).size }))
          .filter((r) => r.messageIds !== 1),
      ).toEqual([]);
      expect(repeated.length).toBeLessThanOrEqual(kills.length * WORKER_CONCURRENCY);

      // every mail left the folder it came in, for the processed one (none for the failed one)
      expect(await count(folder)).toBe(0);
      expect(await count(processed)).toBe(MAILS);
      expect(await count(`${folder}-failed`)).toBe(0);
    } finally {
      await served?.child.kill();
      await imap.logout().catch(() => imap.close());
      await setup.dispose();
    }
  }, 600_000);
});
