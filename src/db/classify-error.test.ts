import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/services.ts';
import { permanent } from '../core/errors.ts';
import { classifyError, MAX_ERROR_MESSAGE } from './classify-error.ts';
import { openDatabase } from './client.ts';
import { orders } from './schema.ts';

const failure = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
};

describe.each(databaseKinds())('classifyError on real $name errors', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('holds a statement the database refuses (permanent), without its SQL or parameter values', async () => {
    const error = await failure(() =>
      t.handle.db.execute(
        sql`select * from orders where id = ${'PARTNER-SECRET-4711'} and no_such_column = 1`,
      ),
    );
    const shape = classifyError(error);
    expect(shape).toMatchObject({ kind: 'permanent', code: 'database.rejected' });
    expect(shape.message).toContain('42703');
    expect(shape.message).not.toContain('PARTNER-SECRET-4711');
    expect(shape.message).not.toMatch(/select|params/i);
  });

  it('holds a statement with more parameters than PostgreSQL takes (permanent)', async () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => `order-${i}`);
    const error = await failure(() => t.handle.db.select().from(orders).where(inArray(orders.id, ids)));
    const shape = classifyError(error);
    expect(shape.kind).toBe('permanent');
    expect(shape.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE + 40);
    expect(shape.message).not.toContain('order-69999');
  });
});

describe('classifyError', () => {
  it('retries a database that cannot be reached', async () => {
    const unreachable = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const error = await failure(() => unreachable.db.execute(sql`select 1`));
      expect(classifyError(error)).toMatchObject({ kind: 'retryable', code: 'database.unavailable' });
    } finally {
      await unreachable.close();
    }
  });

  it('holds a bug (it fails the same way every time), and keeps a GatewayError as it is', () => {
    const overflow = (() => {
      try {
        // the mistake the issue found: an unbounded array spread into a call
        Math.max(...new Array(1_000_000).fill(0));
      } catch (error) {
        return error;
      }
    })();
    expect(classifyError(overflow)).toMatchObject({ kind: 'permanent', code: 'gateway.internal' });
    expect(classifyError(permanent('mapping.invalid', 'no'))).toEqual({
      kind: 'permanent',
      code: 'mapping.invalid',
      message: 'no',
    });
  });

  it('caps a long message and drops oversized details', () => {
    const shape = classifyError(
      permanent('mapping.invalid', 'y'.repeat(10_000), { details: { body: 'z'.repeat(10_000) } }),
    );
    expect(shape.message.length).toBeLessThan(MAX_ERROR_MESSAGE + 40);
    expect(shape.details).toEqual({ truncated: expect.any(Number) });
  });
});
