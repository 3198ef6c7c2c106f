import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../src/pipeline/dispatch/outbox.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';

interface JobsBody {
  jobs: { id: string; stage: string; status: string; attempts: number; lastError: { code: string } }[];
}

/** What an operator does with the pipeline: replay a message, see and retry dead letters. */
describe.each(gatewayModes())('pipeline operations ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  const replay = (id: string, token = ADMIN) =>
    t.call(`/v1/messages/${id}/replay`, { method: 'POST', token });

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await t.createPartner({ id: 'replayer', name: 'Replayer', identifiers: [] });
  }, 60_000);
  afterAll(async () => t?.close());

  it('replays a held message once the sender is known: the new run is linked and processed', async () => {
    const { id, message } = await t.deliver(withControl(VALID_850, 11001), ADMIN);
    expect(message.status).toBe('failed');
    // the operator registers the sender, then replays
    await t.createPartner({ id: 'late-sender', name: 'Late', identifiers: [VALID_850_SENDER] });
    expect((await replay(id, key)).status).toBe(403);
    const res = await replay(id);
    expect(res.status).toBe(202);
    const { messageId, replayOf } = (await res.json()) as { messageId: string; replayOf: string };
    expect(replayOf).toBe(id);
    const again = await t.settled(messageId);
    expect(again.status).toBe('done');
    expect(again.replayOf).toBe(id);
    // posted by an admin, it belongs to the partner its interchange came from once decoded
    expect([again.type, again.partnerId]).toEqual(['850', 'late-sender']);
    expect(again.orders.map((o) => o.status)).toEqual(['accepted']);
    expect((await t.message(id)).replays).toEqual([messageId]);
    // the exception the held run raised is answered by the replay
    const open = await t.query<{ code: string }>(
      `select code from exceptions where message_id = '${id}' and status = 'open'`,
    );
    expect(open).toEqual([]);
    // the same bytes, and the interchange is not a duplicate of the run it replays
    expect(await t.raw(messageId)).toBe(await t.raw(id));
  });

  it('replays a processed message: the old orders are superseded, not duplicated', async () => {
    const first = await t.deliver(withControl(VALID_850, 11002), ADMIN);
    expect(first.message.orders.map((o) => o.status)).toEqual(['accepted']);
    const { messageId } = (await (await replay(first.id)).json()) as { messageId: string };
    const again = await t.settled(messageId);
    expect(again.orders.map((o) => o.status)).toEqual(['accepted']);
    expect(again.diagnostics.map((d) => d.code)).not.toContain('x12.interchange.025');
    expect((await t.message(first.id)).orders.map((o) => o.status)).toEqual(['superseded']);
    const live = await t.query<{ n: string }>(
      "select count(*) as n from orders where po_number = 'PO-11002' and status <> 'superseded'",
    );
    expect(Number(live[0]!.n)).toBe(1);
  });

  it('refuses to replay what does not exist or is outbound', async () => {
    expect((await replay('no-such-message')).status).toBe(404);
    const { message } = await t.deliver(withControl(VALID_850, 11003), ADMIN);
    expect((await replay(message.outbound[0]!.id)).status).toBe(400);
  });

  it('lists failed and dead-lettered jobs and retries them one by one or in bulk', async () => {
    const db = t.gateway.database.db;
    // a decode job for a message that does not exist fails permanently; a dead letter (retries used up, as
    // test/dispatch.test.ts makes them) is written as the job runner leaves it
    await db.transaction(async (tx) => {
      await enqueueJob(tx, 'decode', 'missing-message');
      await enqueueJob(tx, 'route', 'lost-message', { runAfter: new Date(Date.now() + 3_600_000) });
    });
    await db.execute(
      sql`update jobs set status = 'dead', attempts = 8, last_error = '{"code":"gateway.internal"}' where id = 'route.lost-message'`,
    );
    t.gateway.dispatcher.notify();
    const failed = await eventually(async () => {
      const body = await t.json<JobsBody>('/v1/jobs?status=failed');
      return body.jobs.length > 0 ? body.jobs : undefined;
    });
    expect(failed).toEqual([
      expect.objectContaining({ id: 'decode.missing-message', status: 'failed', attempts: 1 }),
    ]);
    expect(failed[0]!.lastError.code).toBe('message.not_found');
    const dead = await eventually(async () => {
      const body = await t.json<JobsBody>('/v1/jobs');
      return body.jobs.length > 0 ? body.jobs : undefined;
    });
    expect(dead.map((j) => [j.id, j.status, j.attempts])).toEqual([['route.lost-message', 'dead', 8]]);
    expect((await t.call('/v1/jobs', { token: key })).status).toBe(403);

    const one = await t.call('/v1/jobs/decode.missing-message/retry', { method: 'POST', token: ADMIN });
    expect(one.status).toBe(202);
    // it fails again (the message still does not exist), with a fresh attempt count
    const refailed = await eventually(async () => {
      const body = await t.json<JobsBody>('/v1/jobs?status=failed');
      return body.jobs[0]?.attempts === 1 && body.jobs[0].status === 'failed' ? body.jobs : undefined;
    });
    expect(refailed).toHaveLength(1);
    expect((await t.call('/v1/jobs/no-such-job/retry', { method: 'POST', token: ADMIN })).status).toBe(404);

    const bulk = await t.call('/v1/jobs/retry', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ status: 'dead' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await bulk.json()).toEqual({ retried: ['route.lost-message'] });
    // the route stage finds nothing to route for an unknown message and completes
    await eventually(async () => {
      const [job] = await t.query<{ status: string }>(
        "select status from jobs where id = 'route.lost-message'",
      );
      return job?.status === 'done' ? true : undefined;
    });
    const audits = await t.query<{ action: string }>(
      "select action from audit_events where entity_type = 'job' order by id",
    );
    expect(audits.map((a) => a.action)).toEqual(['retry', 'retry']);
  });

  it('retries dead jobs only when the bulk retry names no status, however the request arrives', async () => {
    const db = t.gateway.database.db;
    // parked out of the dispatcher's reach (due in an hour), then stopped as the job runner leaves them
    const park = async (stage: string, entityId: string, status: 'dead' | 'failed') => {
      const id = await enqueueJob(db, stage, entityId, { runAfter: new Date(Date.now() + 3_600_000) });
      await db.execute(
        sql`update jobs set status = ${status}, attempts = 1, last_error = '{"code":"gateway.internal"}' where id = ${id}`,
      );
      return id;
    };
    const idsWith = async (status: string) =>
      (await t.query<{ id: string }>(`select id from jobs where status = '${status}' order by id`)).map(
        (r) => r.id,
      );
    const bulkRetry = (init: RequestInit) =>
      t.call('/v1/jobs/retry', { method: 'POST', token: ADMIN, ...init });
    const failed = await park('decode', 'parked-failed', 'failed');

    const unfiltered: [string, RequestInit][] = [
      ['no body', {}],
      ['an empty body without a content type', { body: new Uint8Array() }],
      ['{}', { body: '{}', headers: { 'content-type': 'application/json' } }],
    ];
    for (const [n, [how, init]] of unfiltered.entries()) {
      await park('route', `parked-dead-${n}`, 'dead');
      const dead = await idsWith('dead');
      const res = await bulkRetry(init);
      expect(res.status, how).toBe(202);
      expect(((await res.json()) as { retried: string[] }).retried.sort(), how).toEqual(dead);
      expect(await idsWith('failed'), how).toContain(failed);
    }

    // a filter sent as anything but JSON is refused, not dropped (dropping it would widen the retry)
    const unread = await bulkRetry({
      body: '{"status":"failed"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(unread.status).toBe(415);
    expect(await unread.json()).toMatchObject({ error: { code: 'request.unsupported_media_type' } });
    expect(await idsWith('failed')).toContain(failed);

    const stopped = await idsWith('failed');
    const res = await bulkRetry({
      body: JSON.stringify({ status: 'failed' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { retried: string[] }).retried.sort()).toEqual(stopped);
  });
});
