import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client.ts';

export type ControlNumberKind = 'interchange' | 'group' | 'transaction';

/** The kinds in the order their rows are locked. */
const KINDS: readonly ControlNumberKind[] = ['interchange', 'group', 'transaction'];

/** ISA13 and GS06 are N0 1/9; ST02 is AN 4/9: nine digits for every kind, then back to 1. */
const MAX_CONTROL_NUMBER = 999_999_999;

/**
 * Reserves `count` consecutive control numbers of `kind` for `counterKey` in one statement and returns the
 * first; the range is first … first + count - 1. Same guarantees as {@link nextControlNumber}: the row stays
 * locked until the caller's transaction ends and a rollback returns the whole range. Reserve as late in the
 * transaction as possible, so other transactions for the same partner wait only for the commit. A range that
 * would pass 999,999,999 starts again at 1.
 */
export async function reserveControlNumbers(
  tx: Database,
  counterKey: string,
  kind: ControlNumberKind,
  count: number,
): Promise<number> {
  const first = await reserveControlNumberRanges(tx, counterKey, { [kind]: count });
  return first[kind];
}

/**
 * {@link reserveControlNumbers} of several kinds at once, in one statement (an interchange's ISA13, GS06s and
 * ST02s): the first number of each kind asked for (kinds with no count get 0). The rows are locked in the
 * fixed order interchange, group, transaction, as every caller takes them, so two cannot deadlock.
 */
export async function reserveControlNumberRanges(
  tx: Database,
  counterKey: string,
  counts: Partial<Record<ControlNumberKind, number>>,
): Promise<Record<ControlNumberKind, number>> {
  const asked = KINDS.filter((kind) => counts[kind] !== undefined && counts[kind] !== 0);
  for (const kind of asked) {
    const count = counts[kind]!;
    if (!Number.isInteger(count) || count < 1 || count > MAX_CONTROL_NUMBER)
      throw new Error(`cannot reserve ${count} control numbers`);
  }
  const first: Record<ControlNumberKind, number> = { interchange: 0, group: 0, transaction: 0 };
  if (asked.length === 0) return first;
  const values = sql.join(
    asked.map((kind) => sql`(${counterKey}, ${kind}, ${counts[kind]!}::bigint)`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    insert into control_numbers (partner_id, kind, last_value) values ${values}
    on conflict (partner_id, kind) do update
      set last_value = case when control_numbers.last_value + excluded.last_value > ${MAX_CONTROL_NUMBER}
                            then excluded.last_value
                            else control_numbers.last_value + excluded.last_value end
    returning kind, last_value`);
  const rows = rowsOf<{ kind: ControlNumberKind; last_value: string | number }>(result);
  for (const kind of asked) {
    const row = rows.find((r) => r.kind === kind);
    if (row === undefined) throw new Error(`no control number returned for ${counterKey}/${kind}`);
    first[kind] = Number(row.last_value) - counts[kind]! + 1;
  }
  return first;
}

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
  return reserveControlNumbers(tx, counterKey, kind, 1);
}
