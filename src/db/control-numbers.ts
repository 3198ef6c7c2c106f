import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client.ts';

export type ControlNumberKind = 'interchange' | 'group' | 'transaction';

/** ISA13 and GS06 are N0 1/9; ST02 is AN 4/9: nine digits for every kind, then back to 1. */
const MAX_CONTROL_NUMBER = 999_999_999;

/**
 * The next control number of `kind` for what we send to `counterKey` (a partner id, or the sender key of an
 * unknown sender), inside the caller's transaction. The counter row stays locked until that transaction ends,
 * so concurrent workers queue up for it; a rollback undoes the increment, so numbers are never reused and a
 * failed transaction burns none (gap-free).
 */
export async function nextControlNumber(
  tx: Database,
  counterKey: string,
  kind: ControlNumberKind,
): Promise<number> {
  const result = await tx.execute(sql`
    insert into control_numbers (partner_id, kind, last_value) values (${counterKey}, ${kind}, 1)
    on conflict (partner_id, kind) do update
      set last_value = case when control_numbers.last_value >= ${MAX_CONTROL_NUMBER} then 1
                            else control_numbers.last_value + 1 end
    returning last_value`);
  const row = rowsOf<{ last_value: string | number }>(result)[0];
  if (row === undefined) throw new Error(`no control number returned for ${counterKey}/${kind}`);
  return Number(row.last_value);
}
