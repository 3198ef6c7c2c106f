import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../db/client.ts';
import { overdueAckSql } from './overdue-acks.ts';

/** How many partners the dashboard names one by one; the rest are summed as "other partners". */
export const TOP_PARTNERS = 8;

/** The days the week's figures cover: today (UTC) and the six before it. */
export const WEEK_DAYS = 7;

/** A count of something the dashboard shows, and what it is a count of. */
export interface Tally {
  key: string;
  /** What people read (a partner's name; the key itself for a channel, stage or type). */
  label: string;
  count: number;
}

/** The partners with the most orders first, the rest summed in one `other` tally. */
export interface PartnerTallies {
  top: Tally[];
  /** Orders of the partners not in `top` (0 when there are none). */
  others: number;
}

/** What the dashboard shows, each figure read from the database when asked (nothing cached). */
export interface DashboardFigures {
  /** When the figures were read. */
  at: Date;
  /** The start of today (UTC). */
  today: Date;
  /** The start of the first of the {@link WEEK_DAYS} days. */
  weekStart: Date;
  orders: {
    today: number;
    week: number;
    /** Each of the week's days, oldest first, with the orders received on it. */
    days: { day: Date; count: number }[];
    todayByChannel: Tally[];
    weekByChannel: Tally[];
    todayByPartner: PartnerTallies;
    weekByPartner: PartnerTallies;
  };
  /**
   * The week's orders as the pipeline decided them: accepted, rejected, and held for a person (still to be
   * decided). `rate` = accepted ÷ (accepted + rejected), null when nothing was decided.
   */
  acceptance: { accepted: number; rejected: number; held: number; rate: number | null };
  exceptions: { open: number; overdue: number; byType: (Tally & { overdue: number })[] };
  /** Documents sent (855, 856, 810, 865) the partner has not acknowledged within its `ackDeadlineHours`. */
  overdueAcks: { total: number; byPartner: Tally[] };
  /** Jobs stopped for a person: dead letters (retries used up) and failed ones (permanent errors). */
  stopped: { dead: number; failed: number; deadByStage: Tally[]; failedByStage: Tally[] };
  /** Pending jobs per stage (the outbox is the queue in both modes); `later` of them wait for a later time (a retry's backoff). */
  queues: (Tally & { later: number })[];
}

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `at` falls on. */
export function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

const byCount = (a: Tally, b: Tally) => b.count - a.count || a.label.localeCompare(b.label);

/** Adds `n` to the tally of `key`. */
function add(map: Map<string, Tally>, key: string, label: string, n: number) {
  const tally = map.get(key) ?? { key, label, count: 0 };
  tally.count += n;
  map.set(key, tally);
}

function topOf(map: Map<string, Tally>): PartnerTallies {
  const all = [...map.values()].sort(byCount);
  return {
    top: all.slice(0, TOP_PARTNERS),
    others: all.slice(TOP_PARTNERS).reduce((sum, t) => sum + t.count, 0),
  };
}

interface OrderRow {
  day: string | null;
  today: boolean | null;
  channel: string | null;
  partner_id: string | null;
  name: string | null;
  status: string | null;
  n: number;
}

/**
 * The week's orders in one pass over them, grouped four ways at once (GROUPING SETS): per day, per channel and
 * per partner (each split today / earlier), and per status. The grouping a row belongs to is the one column
 * of it that is not null (every grouped column is NOT NULL in the table). An order counts on the day its
 * message was received, as the orders list's `since` filters (the messages_received index finds the week);
 * superseded orders (a replay re-read their message) are counted once, as the replay's.
 */
async function orderFigures(db: Database, today: Date, weekStart: Date) {
  const rows = rowsOf<OrderRow>(
    await db.execute(sql`
      with g as (
        select day, is_today as today, channel, partner_id, status, count(*)::int as n
          from (select to_char(m.received_at at time zone 'UTC', 'YYYY-MM-DD') as day,
                       m.received_at >= ${today.toISOString()}::timestamptz as is_today,
                       o.channel, o.partner_id, o.status
                  from messages m join orders o on o.message_id = m.id
                 where m.received_at >= ${weekStart.toISOString()}::timestamptz and o.status <> 'superseded') o
         group by grouping sets ((day), (is_today, channel), (is_today, partner_id), (status)))
      select g.*, p.name from g left join partners p on p.id = g.partner_id`),
  );
  const days = Array.from({ length: WEEK_DAYS }, (_, i) => ({
    day: new Date(weekStart.getTime() + i * DAY_MS),
    count: 0,
  }));
  const dayIndex = new Map(days.map((d, i) => [d.day.toISOString().slice(0, 10), i]));
  const channels = { today: new Map<string, Tally>(), week: new Map<string, Tally>() };
  const partners = { today: new Map<string, Tally>(), week: new Map<string, Tally>() };
  const statuses = new Map<string, number>();
  for (const row of rows) {
    const n = Number(row.n);
    if (row.day !== null) {
      const i = dayIndex.get(row.day);
      if (i !== undefined) days[i]!.count += n;
    } else if (row.channel !== null) {
      add(channels.week, row.channel, row.channel, n);
      if (row.today) add(channels.today, row.channel, row.channel, n);
    } else if (row.partner_id !== null) {
      const label = row.name ?? row.partner_id;
      add(partners.week, row.partner_id, label, n);
      if (row.today) add(partners.today, row.partner_id, label, n);
    } else if (row.status !== null) statuses.set(row.status, n);
  }
  const week = days.reduce((sum, d) => sum + d.count, 0);
  const accepted = statuses.get('accepted') ?? 0;
  const rejected = statuses.get('rejected') ?? 0;
  return {
    orders: {
      today: days.at(-1)!.count,
      week,
      days,
      todayByChannel: [...channels.today.values()].sort(byCount),
      weekByChannel: [...channels.week.values()].sort(byCount),
      todayByPartner: topOf(partners.today),
      weekByPartner: topOf(partners.week),
    },
    acceptance: {
      accepted,
      rejected,
      held: statuses.get('held') ?? 0,
      rate: accepted + rejected > 0 ? accepted / (accepted + rejected) : null,
    },
  };
}

/** Open exceptions per type, and how many of them are past their deadline (the exceptions_due index). */
async function exceptionFigures(db: Database) {
  const rows = rowsOf<{ type: string; open: number; overdue: number }>(
    await db.execute(sql`
      select type, count(*)::int as open, (count(*) filter (where due_at < now()))::int as overdue
        from exceptions where status = 'open' group by type`),
  );
  const byType = rows
    .map((r) => ({ key: r.type, label: r.type, count: Number(r.open), overdue: Number(r.overdue) }))
    .sort(byCount);
  return {
    open: byType.reduce((sum, t) => sum + t.count, 0),
    overdue: byType.reduce((sum, t) => sum + t.overdue, 0),
    byType,
  };
}

/** Sent documents still waiting for the partner's 997/999 past the partner's deadline, per partner. */
async function overdueAckFigures(db: Database) {
  const rows = rowsOf<{ partner_id: string | null; name: string | null; n: number }>(
    await db.execute(sql`
      select d.partner_id, p.name, count(*)::int as n
        from outbound_documents d left join partners p on p.id = d.partner_id
       where ${overdueAckSql()}
       group by d.partner_id, p.name`),
  );
  const byPartner = rows
    .map((r) => ({
      key: r.partner_id ?? '',
      label: r.name ?? r.partner_id ?? 'no partner',
      count: Number(r.n),
    }))
    .sort(byCount);
  return { total: byPartner.reduce((sum, t) => sum + t.count, 0), byPartner };
}

/** The outbox's jobs that are not done, per stage and status (the jobs_status_stage index). */
async function jobFigures(db: Database) {
  const rows = rowsOf<{ stage: string; status: string; n: number; later: number }>(
    await db.execute(sql`
      select stage, status, count(*)::int as n, (count(*) filter (where run_after > now()))::int as later
        from jobs where status in ('pending', 'failed', 'dead') group by stage, status`),
  );
  const of = (status: string) =>
    rows
      .filter((r) => r.status === status)
      .map((r) => ({ key: r.stage, label: r.stage, count: Number(r.n), later: Number(r.later) }))
      .sort(byCount);
  const dead = of('dead');
  const failed = of('failed');
  const sum = (list: Tally[]) => list.reduce((s, t) => s + t.count, 0);
  return {
    stopped: {
      dead: sum(dead),
      failed: sum(failed),
      deadByStage: dead.map(({ later: _, ...t }) => t),
      failedByStage: failed.map(({ later: _, ...t }) => t),
    },
    queues: of('pending'),
  };
}

/**
 * Everything the console's dashboard shows, in four aggregate statements: the week's orders (per day,
 * channel, partner, status), open exceptions, overdue acknowledgments and the outbox's jobs. Days are UTC
 * days; "this week" is today and the six days before it.
 */
export async function dashboardFigures(db: Database, at: Date = new Date()): Promise<DashboardFigures> {
  const today = startOfDay(at);
  const weekStart = new Date(today.getTime() - (WEEK_DAYS - 1) * DAY_MS);
  // one after the other: the embedded database runs one statement at a time anyway, and a PostgreSQL pool
  // shared with the pipeline is better not emptied by one page
  const orders = await orderFigures(db, today, weekStart);
  const exceptions = await exceptionFigures(db);
  const overdueAcks = await overdueAckFigures(db);
  const jobs = await jobFigures(db);
  return { at, today, weekStart, ...orders, exceptions, overdueAcks, ...jobs };
}
