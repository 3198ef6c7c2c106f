import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../core/errors.ts';
import { createLogger } from './logger.ts';

/** A logger writing into an array of lines, as the process's would to stdout. */
function recorder() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('info', stream), lines };
}

describe('log lines of failed queries', () => {
  const client = new PGlite();
  const db = drizzle({ client });
  // a value as a statement may carry it: a partner's URL with credentials, over two lines
  const secret = 'https://edi:pa55-in-param@partner.example/edi?token=t0ken-in-param\nsecond-line-in-param';
  let failure: unknown;

  beforeAll(async () => {
    failure = await db.execute(sql`select ${secret}::text as url, 1 / 0 as boom`).then(
      () => expect.fail('the query should fail'),
      (error: unknown) => error,
    );
  });
  afterAll(() => client.close());

  it('keep the statement and the database’s reason, never the parameter values', () => {
    const { log, lines } = recorder();
    // as a route's unhandled error and the job runner log them
    log.error({ err: failure }, 'unhandled error in route');
    log.warn({ error: toGatewayErrorShape(failure) }, 'job failed, will retry');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toContain('Failed query: select $1::text as url');
      expect(line).not.toMatch(/pa55-in-param|t0ken-in-param|second-line-in-param/);
    }
    expect(lines[0]).toContain('division by zero');
  });

  it('cut a failed statement of 100,000 placeholders to a readable line', async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => sql`${i}`);
    const huge = await db.execute(sql`select 1 / 0 in (${sql.join(values, sql`, `)})`).then(
      () => expect.fail('the query should fail'),
      (error: unknown) => error,
    );
    const { log, lines } = recorder();
    log.error({ err: huge }, 'unhandled error in route');
    expect(lines[0]!.length).toBeLessThan(10_000);
  });
});
