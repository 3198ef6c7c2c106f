import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundSource, RawMessage, SourceContext } from '../../src/core/connector.ts';
import { type RunningDovecot, startDovecot } from '../../test/support/dovecot.ts';
import { eventually } from '../../test/support/services.ts';
import { freePort } from '../../test/support/sshd.ts';
import { ImapConfig, type ImapConfigInput, imapConnector } from './index.ts';

let dovecot: RunningDovecot;
beforeAll(async () => {
  const began = Date.now();
  dovecot = await startDovecot();
  console.info(`dovecot started in ${Date.now() - began} ms`);
});
afterAll(async () => dovecot?.stop());

function configFor(folder: string, extra: Partial<ImapConfigInput> = {}, server = dovecot): ImapConfig {
  return ImapConfig.parse({
    host: server.host,
    port: server.port,
    secure: false,
    starttls: false,
    user: server.user,
    password: server.password,
    folder,
    processedFolder: `${folder}-done`,
    failedFolder: `${folder}-failed`,
    pollMs: 3_600_000,
    ...extra,
  });
}

/** A client of its own, as a sender or an operator would use the mailbox. */
async function mailbox<T>(work: (client: ImapFlow) => Promise<T>, server = dovecot): Promise<T> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
    disableBinary: true,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** An order mail, CRLF line ends; a base64 attachment so that bytes read back as stored, not decoded. */
function orderMail(messageId: string | undefined, from = 'Buyer <Orders@Harbor-Pine.Example>'): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: orders@ordergate.example',
      'Subject: PO 4711',
      'Date: Fri, 01 Mar 2024 12:00:00 +0000',
      ...(messageId ? [`Message-ID: <${messageId}>`] : []),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please find our order attached.',
      '--b1',
      'Content-Type: text/csv; name="po-4711.csv"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('sku,qty\r\nA-1,24\r\n').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

async function append(folder: string, ...mails: Buffer[]): Promise<void> {
  await appendTo(dovecot, folder, ...mails);
}

async function appendTo(server: RunningDovecot, folder: string, ...mails: Buffer[]): Promise<void> {
  await mailbox(async (client) => {
    await client.mailboxCreate(folder);
    for (const mail of mails) await client.append(folder, mail);
  }, server);
}

/** The UIDs and flags of each mail in `folder`. */
async function contents(folder: string): Promise<{ source: string; flags: string[] }[]> {
  return mailbox(async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      if (client.mailbox && client.mailbox.exists === 0) return [];
      const all = await client.fetchAll('1:*', { source: true, flags: true });
      return all.map((m) => ({ source: m.source?.toString() ?? '', flags: [...(m.flags ?? [])] }));
    } finally {
      lock.release();
    }
  });
}

/** A source context that records what the source told it and keeps its state in memory. */
function recorder(shared: { state?: unknown } = {}) {
  const warnings: string[] = [];
  let wakes = 0;
  let onWake: () => void = () => {};
  const ctx: SourceContext = {
    now: () => new Date(),
    warn: (_details, message) => warnings.push(message),
    wake: () => {
      wakes += 1;
      onWake();
    },
    state: {
      load: async () => shared.state,
      save: async (value) => {
        shared.state = value;
      },
    },
  };
  return {
    ctx,
    warnings,
    shared,
    wakes: () => wakes,
    /** Resolves at the next wake, or rejects after `ms`. */
    nextWake(ms: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no wake within ${ms} ms`)), ms);
        onWake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

async function drain(source: InboundSource): Promise<RawMessage[]> {
  const received: RawMessage[] = [];
  for await (const raw of source.receive()) received.push(raw);
  return received;
}

describe('the imap source on a real Dovecot', () => {
  it('hands out each mail byte for byte without marking it seen, and moves it on confirm', async () => {
    const attached = orderMail('po-4711@harbor-pine.example');
    const anonymous = orderMail(undefined, 'orders@harbor-pine.example');
    await append('Receive', attached, anonymous);
    const { ctx } = recorder();
    const source = await imapConnector.open!(configFor('Receive', { partnerId: 'harbor-pine' }), ctx);
    try {
      const received = await drain(source);
      expect(received.map((r) => Buffer.from(r.bytes))).toEqual([attached, anonymous]);
      expect(received[0]).toMatchObject({
        channel: 'email',
        sender: 'orders@harbor-pine.example',
        filename: 'po-4711@harbor-pine.example',
        contentType: 'message/rfc822',
        partnerId: 'harbor-pine',
      });
      expect(received[0]!.ref).toMatch(/^\d+:1$/);
      expect(received[1]!.filename).toMatch(/^no-message-id-[0-9a-f]{32}$/);
      expect((await contents('Receive')).map((m) => m.flags)).toEqual([[], []]);

      for (const raw of received) await source.confirm(raw.ref!);
      expect(await contents('Receive')).toEqual([]);
      expect((await contents('Receive-done')).map((m) => m.source)).toEqual([
        attached.toString(),
        anonymous.toString(),
      ]);
    } finally {
      await source.close();
    }
  });

  it('marks as recovered what may have been handed out before, with its state kept across sources', async () => {
    await append('Recover', orderMail('a@harbor-pine.example'));
    const appended = Date.now();
    const shared: { state?: unknown } = {};
    const first = await imapConnector.open!(configFor('Recover'), recorder(shared).ctx);
    try {
      // the first pass of a source cannot know what a crashed predecessor handed out
      expect((await drain(first)).map((r) => r.recoveredAt !== undefined)).toEqual([true]);
      await append('Recover', orderMail('b@harbor-pine.example'));
      const second = await drain(first);
      expect(second.map((r) => [r.filename, r.recoveredAt !== undefined])).toEqual([
        ['a@harbor-pine.example', true],
        ['b@harbor-pine.example', false],
      ]);
      expect(shared.state).toEqual({ uidValidity: second[1]!.ref!.split(':')[0], lastUid: 2 });
      // the mail's arrival (not now), so the runner's look-up covers the whole time since
      expect(second[0]!.recoveredAt!.getTime()).toBeLessThanOrEqual(appended);
    } finally {
      await first.close();
    }
    await append('Recover', orderMail('c@harbor-pine.example'));
    const next = await imapConnector.open!(configFor('Recover'), recorder(shared).ctx);
    try {
      expect((await drain(next)).map((r) => r.recoveredAt !== undefined)).toEqual([true, true, true]);
      // its second pass knows from the shared state that all three were handed out
      expect((await drain(next)).map((r) => r.recoveredAt !== undefined)).toEqual([true, true, true]);
    } finally {
      await next.close();
    }
  });

  it('sets a mail larger than maxMessageBytes aside in the failed folder, unread, and takes the rest', async () => {
    const small = orderMail('small@harbor-pine.example');
    const large = orderMail('large@harbor-pine.example');
    await append('Sizes', Buffer.concat([large, Buffer.from('x'.repeat(4096))]), small);
    const probe = recorder();
    const source = await imapConnector.open!(
      configFor('Sizes', { maxMessageBytes: small.byteLength + 1024 }),
      probe.ctx,
    );
    try {
      const received = await drain(source);
      expect(received.map((r) => r.filename)).toEqual(['small@harbor-pine.example']);
      expect(
        (await contents('Sizes-failed')).map((m) => m.source.includes('large@harbor-pine.example')),
      ).toEqual([true]);
      expect(probe.warnings.some((w) => w.includes('larger than maxMessageBytes'))).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('wakes the runner when a mail arrives while it idles', async () => {
    await append('Idle');
    const probe = recorder();
    const source = await imapConnector.open!(configFor('Idle'), probe.ctx);
    try {
      expect(await drain(source)).toEqual([]);
      const woken = probe.nextWake(10_000);
      const sent = Date.now();
      await append('Idle', orderMail('idle@harbor-pine.example'));
      await woken;
      console.info(`woken ${Date.now() - sent} ms after the APPEND`);
      expect((await drain(source)).map((r) => r.filename)).toEqual(['idle@harbor-pine.example']);
    } finally {
      await source.close();
    }
  });

  it('confirms a mail handed out before the folder got a new UIDVALIDITY, by its Message-ID and bytes', async () => {
    const mail = orderMail('gen@harbor-pine.example');
    await append('Generation', mail);
    const source = await imapConnector.open!(configFor('Generation'), recorder().ctx);
    try {
      const pass = source.receive()[Symbol.asyncIterator]();
      const handed = (await pass.next()).value as RawMessage;
      // an operator deletes and recreates the folder: its old UIDs now name other mails
      await mailbox(async (client) => {
        await client.mailboxDelete('Generation');
        await client.mailboxCreate('Generation');
        await client.append('Generation', orderMail('other@harbor-pine.example'));
        await client.append('Generation', mail);
      });
      // the first try may find the old UID naming another mail and reconnect; it never moves that one
      await eventually(
        async () => {
          await source.confirm(handed.ref!);
          return true;
        },
        10_000,
        'the handed-out mail confirmed under the new UIDVALIDITY',
      );
      await pass.return?.(undefined);
      expect((await contents('Generation-done')).map((m) => m.source)).toEqual([mail.toString()]);
      const after = await eventually(() => drain(source), 10_000, 'a pass over the recreated folder');
      expect(after.map((r) => [r.filename, r.recoveredAt !== undefined])).toEqual([
        ['other@harbor-pine.example', true],
      ]);
      expect(after[0]!.ref!.split(':')[0]).not.toBe(handed.ref!.split(':')[0]);
    } finally {
      await source.close();
    }
  });
});

describe('the imap check', () => {
  it('passes a working mailbox and creates its processed and failed folders', async () => {
    await append('Checked');
    expect(await imapConnector.check!(configFor('Checked'), undefined as never)).toEqual([]);
    const folders = await mailbox(async (client) => (await client.list()).map((f) => f.path));
    expect(folders).toEqual(expect.arrayContaining(['Checked-done', 'Checked-failed']));
  });

  it('names what is wrong', async () => {
    const codes = async (config: ImapConfig) =>
      (await imapConnector.check!(config, undefined as never)).map((d) => d.code);
    expect(await codes(configFor('No such folder'))).toEqual(['imap.folder_missing']);
    expect(await codes(configFor('Checked', { port: await freePort() }))).toEqual(['imap.unreachable']);
    // this Dovecot offers no STARTTLS: a mailbox that requires it must not log in in the clear
    expect(await codes(configFor('Checked', { starttls: true }))).toEqual(['imap.tls_failed']);
    expect(await codes(configFor('Checked', { password: 'wrong' }))).toEqual(['imap.auth_failed']);
  });
});

describe('the imap source when the server goes away', () => {
  // a server of its own to stop, which no other test's failed login has slowed down (Dovecot delays the next)
  let server: RunningDovecot;
  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => server?.stop());

  it('fails the pass while the server is down and reconnects once it is back', async () => {
    await appendTo(server, 'Outage');
    const probe = recorder();
    const source = await imapConnector.open!(configFor('Outage', {}, server), probe.ctx);
    try {
      expect(await drain(source)).toEqual([]);
      await server.kill();
      await expect(drain(source)).rejects.toThrow();
      expect(probe.warnings).toContain('imap: cannot connect; retrying later');
      const down = Date.now();
      await server.start();
      await appendTo(server, 'Outage', orderMail('back@harbor-pine.example'));
      const back = await eventually(
        async () => {
          const received = await drain(source);
          return received.length > 0 ? received : undefined;
        },
        15_000,
        'the mail received after the server came back',
      );
      expect(back.map((r) => r.filename)).toEqual(['back@harbor-pine.example']);
      console.info(`received ${Date.now() - down} ms after the restart began`);
    } finally {
      await source.close();
    }
  });
});
