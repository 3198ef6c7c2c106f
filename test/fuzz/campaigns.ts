import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { isCandidateName } from '../../connectors/file-drop/folder.ts';
import { startFileDrop } from '../../src/pipeline/intake/drop-dir.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { ADMIN, type TestGateway } from '../support/gateway-harness.ts';
import { tempDir } from '../support/services.ts';
import { type FuzzRequest, fuzzRequests, type OpenApiDocument, operationsOf } from './json-requests.ts';
import { mutatedX12 } from './x12-mutations.ts';

/**
 * The gateway's fuzz campaigns (issue 11): each feeds one door random and damaged input through the real
 * server and records every answer that breaks the gateway's promises as a finding rather than stopping at the
 * first, so a long run reports all it found. Campaigns do not throw on a finding; the caller decides.
 */

/** Something the gateway did that it must never do, with enough of the input to reproduce it. */
export interface Finding {
  campaign: string;
  what: string;
  /** The input, shortened and JSON-escaped. */
  input: string;
  answer?: string;
}

export interface CampaignReport {
  campaign: string;
  cases: number;
  seconds: number;
  /** Answers by status (and error code): what the cases exercised. */
  answers: Record<string, number>;
  findings: Finding[];
}

export interface FuzzTarget {
  t: TestGateway;
  /** The API key of the partner whose senders the X12 bases carry. */
  partnerKey: string;
  /** Error-level log records the gateway wrote (its logger's sink): each is a finding. */
  errorLogs: Record<string, unknown>[];
}

const PREVIEW = 400;
const preview = (bytes: Uint8Array | string) => {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
  const shown = JSON.stringify(text.slice(0, PREVIEW));
  return text.length > PREVIEW ? `${shown} … (${text.length} characters)` : shown;
};

/** A gateway log sink's records at error level and above. */
export const errorLevel = (record: Record<string, unknown>) => Number(record.level) >= 50;

class Campaign {
  readonly findings: Finding[] = [];
  readonly answers: Record<string, number> = {};
  cases = 0;
  private readonly started = performance.now();
  private readonly logsBefore: number;

  constructor(
    readonly name: string,
    private readonly target: FuzzTarget,
  ) {
    this.logsBefore = target.errorLogs.length;
  }

  found(what: string, input: Uint8Array | string, answer?: string): void {
    this.findings.push({ campaign: this.name, what, input: preview(input), ...(answer && { answer }) });
  }

  /**
   * Checks one HTTP answer: never 5xx, always the security headers, JSON unless `allowOther`, and the error
   * shape on every 4xx. Returns the parsed body (undefined when not JSON).
   */
  async answer(res: Response, input: Uint8Array | string, allowOther = false): Promise<unknown> {
    this.cases++;
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    let body: unknown;
    if (type.startsWith('application/json')) {
      try {
        body = JSON.parse(text);
      } catch {
        this.found(`${res.status} with a body that is not JSON`, input, preview(text));
      }
    } else if (!allowOther && !(res.status === 204 && text === ''))
      this.found(`${res.status} answered as ${type || 'no content type'}`, input, preview(text));
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
    const key = code ? `${res.status} ${code}` : String(res.status);
    this.answers[key] = (this.answers[key] ?? 0) + 1;
    if (res.status >= 500) this.found(`answered ${res.status}`, input, preview(text));
    else if (res.status >= 400 && !code && type.startsWith('application/json'))
      this.found(`${res.status} without an error code`, input, preview(text));
    if (res.headers.get('x-content-type-options') !== 'nosniff')
      this.found('answer without X-Content-Type-Options: nosniff', input);
    return body;
  }

  async healthy(): Promise<void> {
    try {
      const res = await this.target.t.call('/healthz', { signal: AbortSignal.timeout(5_000) });
      if (res.status !== 200) this.found(`/healthz answered ${res.status}`, '');
    } catch (error) {
      this.found(`/healthz did not answer: ${(error as Error).message}`, '');
    }
  }

  report(): CampaignReport {
    for (const record of this.target.errorLogs.slice(this.logsBefore))
      this.found(`logged at error level: ${String(record.msg)}`, JSON.stringify(record));
    const seconds = Math.round((performance.now() - this.started) / 100) / 10;
    return {
      campaign: this.name,
      cases: this.cases,
      seconds,
      answers: this.answers,
      findings: this.findings,
    };
  }
}

/** Calls fetch, turning a network failure or a timeout into a finding instead of a throw. */
async function send(campaign: Campaign, input: Uint8Array | string, call: () => Promise<Response>) {
  try {
    return await call();
  } catch (error) {
    campaign.found(`no answer: ${(error as Error).message}`, input);
    return undefined;
  }
}

const HEALTH_EVERY = 250;

/** The partner the campaigns post as (its key is FuzzTarget.partnerKey). */
export const FUZZ_PARTNER = 'fuzz-buyer';

/**
 * Posts damaged interchanges to `/v1/inbound/x12` with the partner's key: each gets 202 (then an X12 answer,
 * checked by `settle`) or a 4xx with a JSON body.
 */
export async function fuzzX12Door(
  target: FuzzTarget,
  bases: readonly Uint8Array[],
  options: { seed: number; runs: number },
): Promise<CampaignReport & { accepted: string[] }> {
  const campaign = new Campaign('x12 door', target);
  const accepted: string[] = [];
  const type = fc.constantFrom(
    'application/edi-x12',
    'application/edi-x12',
    'text/plain',
    'text/html',
    'x/y',
  );
  await fc.assert(
    fc.asyncProperty(mutatedX12(bases), type, async (body, contentType) => {
      const res = await send(campaign, body, () => target.t.post(body, target.partnerKey, contentType));
      if (!res) return;
      const answer = (await campaign.answer(res, body)) as { messageId?: string } | undefined;
      if (res.status === 202 && answer?.messageId) accepted.push(answer.messageId);
      if (campaign.cases % HEALTH_EVERY === 0) await campaign.healthy();
    }),
    { seed: options.seed, numRuns: options.runs },
  );
  await campaign.healthy();
  return { ...campaign.report(), accepted };
}

/** A drop-folder name: ordinary, or one of the kinds that were lost or blocked the folder before. */
const dropName = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,30}\.(edi|x12|txt)$/) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'po',
          'order ',
          'ü',
          '🧾',
          '‮fdp.exe',
          'a\nb',
          'tab\t',
          'esc\u001b[31m',
          'x.error.json',
          '-',
        ),
        fc.integer({ min: 0, max: 250 }),
        fc.constantFrom('.edi', '', '.x12', '.EDI', '~'),
      )
      .map(([stem, pad, ext]) => `${stem}${'n'.repeat(pad)}${ext}`),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  // names whose bytes are not UTF-8
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from(b)) },
);

/** A name as the filesystem allows it: no `/` or NUL, at most 255 bytes, not `.` or `..`. */
function filesystemName(name: string | Buffer, n: number): Buffer {
  let bytes = Buffer.from(typeof name === 'string' ? name : name.filter((b) => b !== 0x2f && b !== 0));
  bytes = Buffer.from(bytes.filter((b) => b !== 0x2f && b !== 0)).subarray(0, 240);
  // unique: the same name twice is a later drop of the same file, not what this case tests
  return Buffer.concat([Buffer.from(`${n}-`), bytes]);
}

/**
 * Drops files with damaged interchanges and hostile names into a folder polled by the real file-drop poller on
 * the gateway's database: each leaves the folder at once, archived and stored or refused to `error/` with a
 * note, and the folder still takes a valid file afterwards.
 */
export async function fuzzDropFolder(
  target: FuzzTarget,
  bases: readonly Uint8Array[],
  options: { seed: number; runs: number },
): Promise<CampaignReport & { stored: number }> {
  const campaign = new Campaign('drop folder', target);
  const folder = tempDir('ordergate-fuzz-drop-');
  const { gateway } = target.t;
  const poller = await startFileDrop({
    db: gateway.database.db,
    config: { dropDir: folder.dir, maxInboundBytes: 1024 * 1024 },
    log: createLogger('silent'),
    notify: () => gateway.dispatcher.notify(),
    drop: { pollMs: 3_600_000, settleMs: 0 },
  });
  /** Names of the files under `sub` (archive/ holds a folder per day), as latin1 so any bytes survive. */
  const filesIn = (sub: string): string[] => {
    const walk = (dir: Buffer): string[] =>
      readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }).flatMap((entry) => {
        const full = Buffer.concat([dir, Buffer.from('/'), entry.name]);
        return entry.isDirectory() ? walk(full) : [entry.name.toString('latin1')];
      });
    const root = Buffer.from(path.join(folder.dir, sub));
    return existsSync(root) ? walk(root) : [];
  };
  const archived = () => filesIn('archive').length;
  const refused = () => filesIn('error').filter((name) => !name.endsWith('.error.json'));
  const pending = () =>
    readdirSync(folder.dir, { encoding: 'buffer' }).filter((n) => {
      const name = n.toString('utf8');
      return isCandidateName(name) && name !== 'archive' && name !== 'error';
    });
  let n = 0;
  const contents = fc.oneof(
    { weight: 8, arbitrary: mutatedX12(bases) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 1, arbitrary: fc.constant(Buffer.from(bases[0]!)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  );
  try {
    await fc.assert(
      fc.asyncProperty(dropName, contents, async (name, body) => {
        const file = filesystemName(name, ++n);
        const before = { archived: archived(), refused: refused().length };
        writeFileSync(Buffer.concat([Buffer.from(`${folder.dir}/`), file]), body);
        await poller.pollNow();
        campaign.cases++;
        const shown = `${JSON.stringify(file.toString('latin1'))}: ${preview(body)}`;
        if (!isCandidateName(file.toString('utf8'))) return; // .part, .tmp: left for the sender to finish
        if (pending().length > 0) campaign.found('a file was left in the drop folder', shown);
        const moved = {
          archived: archived() - before.archived,
          refused: refused().length - before.refused,
        };
        if (moved.archived + moved.refused !== 1)
          campaign.found(
            `${moved.archived} files archived and ${moved.refused} refused for one dropped`,
            shown,
          );
        const kind = moved.archived ? 'archived' : 'refused to error/';
        campaign.answers[kind] = (campaign.answers[kind] ?? 0) + 1;
      }),
      { seed: options.seed, numRuns: options.runs },
    );
    const notes = new Set(filesIn('error').filter((name) => name.endsWith('.error.json')));
    for (const file of refused())
      if (!notes.has(`${file}.error.json`)) campaign.found('a refused file without its .error.json', file);
    // the folder still takes a valid file after all that
    writeFileSync(path.join(folder.dir, 'after-fuzz.edi'), bases[0]!);
    await poller.pollNow();
    if (pending().length > 0)
      campaign.found('a valid file after the campaign was not taken', 'after-fuzz.edi');
    const [stored] = await target.t.query<{ count: number }>(
      `select count(*)::int as count from messages where filename is not null and direction = 'inbound'`,
    );
    await campaign.healthy();
    return { ...campaign.report(), stored: stored?.count ?? 0 };
  } finally {
    await poller.close();
    folder.remove();
  }
}

/**
 * Waits until the pipeline has finished with every inbound message, then checks that none was left
 * unanswered: no job failed or dead or even retried, and each message has an answer (a 997/999/TA1 or 855)
 * or says why not (its diagnostics). `timeoutMs` bounds the wait.
 */
export async function settle(target: FuzzTarget, timeoutMs: number): Promise<CampaignReport> {
  const campaign = new Campaign('pipeline', target);
  const { t } = target;
  const deadline = Date.now() + timeoutMs;
  const open = async () =>
    (
      await t.query<{ count: number }>(
        `select count(*)::int as count from messages m where direction = 'inbound'
           and (status in ('received', 'processing')
             or exists (select 1 from jobs j where j.entity_id = m.id and j.status = 'pending'))`,
      )
    )[0]!.count;
  let left = await open();
  while (left > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = await open();
  }
  if (left > 0) campaign.found(`${left} messages still unfinished after ${timeoutMs} ms`, '');
  const troubled = await t.query<{ stage: string; status: string; attempts: number; error: string }>(
    `select stage, status, attempts, left(last_error::text, 300) as error from jobs
      where status in ('dead', 'failed') or last_error is not null limit 50`,
  );
  for (const job of troubled)
    campaign.found(`a ${job.stage} job ${job.status} after ${job.attempts} attempts`, job.error ?? '');
  const unanswered = await t.query<{ id: string; status: string; raw: string }>(
    `select m.id, m.status, encode(substr(m.raw, 1, 300), 'escape') as raw from messages m
      where m.direction = 'inbound' and m.diagnostics = '[]'::jsonb
        and not exists (select 1 from outbound_documents d where d.source_message_id = m.id)
        and not exists (select 1 from orders o join outbound_documents d on d.order_id = o.id
                         where o.message_id = m.id)
      limit 50`,
  );
  for (const message of unanswered)
    campaign.found(`message ${message.id} (${message.status}) has no answer and no diagnostics`, message.raw);
  const statuses = await t.query<{ status: string; count: number }>(
    `select status, count(*)::int as count from messages where direction = 'inbound' group by status`,
  );
  for (const { status, count } of statuses) campaign.answers[`inbound ${status}`] = count;
  campaign.cases = statuses.reduce((sum, s) => sum + s.count, 0);
  await campaign.healthy();
  return campaign.report();
}

/**
 * Ids that exist, so fuzzed requests get past their lookups: partners, keys, messages, orders, documents, jobs.
 * The fuzzing partner's own key is left out: revoking it would turn every later partner request into a 401.
 */
async function existingIds(t: TestGateway): Promise<string[]> {
  const rows = await t.query<{ id: string }>(
    `(select id from partners limit 20)
     union all (select id from api_keys where partner_id <> '${FUZZ_PARTNER}' limit 20)
     union all (select id from messages order by received_at desc limit 40)
     union all (select id from orders order by id desc limit 40)
     union all (select id from outbound_documents order by id desc limit 40)
     union all (select id from jobs order by id desc limit 40)`,
  );
  return rows.map((r) => r.id);
}

/** Valid bodies of the routes that take one; each case damages one (json-requests.ts). */
function examples(orderId: string | undefined): Record<string, unknown> {
  return {
    'POST /v1/partners': {
      id: 'fuzz-partner',
      name: 'Fuzz Partner',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'FUZZPARTNER' }],
      settings: { ack: '997', x12Delimiters: { element: '*', segment: '~', component: '>' } },
      delivery: { transport: 'folder-out', config: { dir: 'fuzz' } },
    },
    'POST /v1/orders/{id}/shipments': {
      shipDate: '2026-03-14',
      orderIds: orderId ? [orderId] : undefined,
      carrier: { scac: 'UPSN', trackingNumber: '1Z999' },
      packs: [{ sscc: '006141411234567890', lines: [{ lineNumber: '1', quantity: '24' }] }],
    },
    'POST /v1/orders/{id}/invoices': {
      invoiceNumber: 'INV-1',
      invoiceDate: '2026-03-14',
      lines: [{ lineNumber: 1, quantity: 24 }],
    },
    'POST /v1/jobs/retry': { status: 'dead', stage: 'decode' },
  };
}

/**
 * Sends generated requests to every operation of the gateway's OpenAPI document (json-requests.ts): each gets
 * an answer below 500, JSON (the raw route's 200 excepted), with the error shape on a 4xx.
 */
export async function fuzzJsonRoutes(
  target: FuzzTarget,
  options: { seed: number; runs: number },
): Promise<CampaignReport> {
  const campaign = new Campaign('json routes', target);
  const { t } = target;
  const document = (await (await t.call('/openapi.json')).json()) as OpenApiDocument;
  const operations = operationsOf(document).filter((op) => op.path !== '/v1/inbound/x12');
  let ids = await existingIds(t);
  const [order] = await t.query<{ id: string }>('select id from orders limit 1');
  const tokens: Record<FuzzRequest['token'], string | undefined> = {
    admin: ADMIN,
    partner: target.partnerKey,
    none: undefined,
    wrong: 'not-a-key-of-anyone-0123456789',
  };
  await fc.assert(
    fc.asyncProperty(
      fuzzRequests(operations, () => ids, examples(order?.id)),
      async (request) => {
        const shown = `${request.method} ${request.path} ${request.body ? Buffer.from(request.body).toString('utf8') : ''}`;
        const res = await send(campaign, shown, () =>
          t.call(request.path, {
            method: request.method,
            token: tokens[request.token],
            signal: AbortSignal.timeout(30_000),
            ...(request.body && { body: request.body }),
            ...(request.contentType && { headers: { 'content-type': request.contentType } }),
          }),
        );
        if (!res) return;
        const raw = /^\/v1\/messages\/[^/]+\/raw$/.test(request.path.split('?')[0]!) && res.status === 200;
        await campaign.answer(res, shown, raw);
        if (campaign.cases % HEALTH_EVERY === 0) {
          await campaign.healthy();
          ids = await existingIds(t);
        }
      },
    ),
    { seed: options.seed, numRuns: options.runs },
  );
  await campaign.healthy();
  return campaign.report();
}
