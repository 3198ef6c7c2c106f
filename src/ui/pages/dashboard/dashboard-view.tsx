import type { Child } from 'hono/jsx';
import type { DashboardFigures, PartnerTallies, Tally } from '../../../services/dashboard/figures.ts';
import { BarChart, type ChartDatum, ColumnChart, counted } from '../../components/chart.tsx';
import { When } from '../../components/list.tsx';
import { links } from './links.ts';

/** "Mon 30": a day of the week's chart (a UTC day, like every figure of the page). */
const dayLabel = (day: Date) =>
  day.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });

/** A card of the page's grid: a chart with its heading. */
function Panel(props: { id: string; title: string; children: Child }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {props.children}
    </section>
  );
}

/** A figure with the list behind it; the link says what it counts ("4 orders"), not a bare number. */
function Figure(props: { term: string; value: string; href: string }) {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>
        <a href={props.href}>{props.value}</a>
      </dd>
    </>
  );
}

/** The partners' bars: the top partners, then the rest summed (linking to every partner's orders). */
function partnerBars(tallies: PartnerTallies, since: Date): ChartDatum[] {
  const bars: ChartDatum[] = tallies.top.map((t) => ({
    label: t.label,
    value: t.count,
    href: links.orders({ partner: t.key, since }),
  }));
  if (tallies.others > 0)
    bars.push({ label: 'Other partners', value: tallies.others, href: links.orders({ since }) });
  return bars;
}

const channelBars = (tallies: Tally[], since: Date): ChartDatum[] =>
  tallies.map((t) => ({ label: t.label, value: t.count, href: links.orders({ channel: t.key, since }) }));

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** The week's orders: per day, per channel and partner (today and the week), and how they were decided. */
function OrderSection(props: { f: DashboardFigures }) {
  const { f } = props;
  const { orders, acceptance } = f;
  const since = { today: f.today, week: f.weekStart };
  return (
    <section aria-labelledby="orders">
      <h2 id="orders">Orders</h2>
      <dl class="facts">
        <Figure
          term="Today"
          value={counted(orders.today, 'order')}
          href={links.orders({ since: since.today })}
        />
        <Figure
          term="This week"
          value={counted(orders.week, 'order')}
          href={links.orders({ since: since.week })}
        />
        <Figure
          term="Accepted this week"
          value={`${percent(acceptance.rate)} (${acceptance.accepted} of ${acceptance.accepted + acceptance.rejected} decided)`}
          href={links.orders({ status: 'accepted', since: since.week })}
        />
      </dl>
      <div class="grid">
        <Panel id="orders-days" title="Orders per day, this week">
          <ColumnChart
            title="Orders per day, this week"
            noun="order"
            empty="No orders this week."
            data={orders.days.map((d) => ({
              label: dayLabel(d.day),
              value: d.count,
              href: links.orders({ since: d.day, until: d.day }),
            }))}
          />
        </Panel>
        <Panel id="orders-decided" title="Decisions this week">
          <BarChart
            title="Orders this week by decision"
            noun="order"
            context="this week"
            empty="No orders decided or held this week."
            data={[
              { key: 'accepted', label: 'Accepted', value: acceptance.accepted },
              { key: 'rejected', label: 'Rejected', value: acceptance.rejected, tone: 'bad' as const },
              { key: 'held', label: 'Held for a person', value: acceptance.held },
            ].map(({ key, ...d }) => ({ ...d, href: links.orders({ status: key, since: since.week }) }))}
          />
        </Panel>
        <Panel id="orders-channel-today" title="Today by channel">
          <BarChart
            title="Orders today by channel"
            noun="order"
            context="today"
            empty="No orders today."
            data={channelBars(orders.todayByChannel, since.today)}
          />
        </Panel>
        <Panel id="orders-channel-week" title="This week by channel">
          <BarChart
            title="Orders this week by channel"
            noun="order"
            context="this week"
            empty="No orders this week."
            data={channelBars(orders.weekByChannel, since.week)}
          />
        </Panel>
        <Panel id="orders-partner-today" title="Today by partner">
          <BarChart
            title="Orders today by partner"
            noun="order"
            context="today"
            empty="No orders today."
            data={partnerBars(orders.todayByPartner, since.today)}
          />
        </Panel>
        <Panel id="orders-partner-week" title="This week by partner">
          <BarChart
            title="Orders this week by partner"
            noun="order"
            context="this week"
            empty="No orders this week."
            data={partnerBars(orders.weekByPartner, since.week)}
          />
        </Panel>
      </div>
    </section>
  );
}

/** Open and overdue exceptions, per type; overdue acknowledgments per partner. */
function AttentionSection(props: { f: DashboardFigures }) {
  const { exceptions, overdueAcks } = props.f;
  return (
    <section aria-labelledby="attention">
      <h2 id="attention">Waiting for people and partners</h2>
      <dl class="facts">
        <Figure
          term="Open exceptions"
          value={counted(exceptions.open, 'exception')}
          href={links.exceptions()}
        />
        <Figure
          term="Overdue exceptions"
          value={counted(exceptions.overdue, 'exception')}
          href={links.exceptions({ overdue: true })}
        />
        <Figure
          term="Overdue acknowledgments"
          value={counted(overdueAcks.total, 'document')}
          href={links.overdueAcks()}
        />
      </dl>
      <div class="grid">
        <Panel id="exceptions-open" title="Open exceptions by type">
          <BarChart
            title="Open exceptions by type"
            noun="open exception"
            empty="No open exceptions: nothing waits for a decision."
            data={exceptions.byType.map((t) => ({
              label: t.label,
              value: t.count,
              href: links.exceptions({ type: t.key }),
            }))}
          />
        </Panel>
        <Panel id="exceptions-overdue" title="Overdue exceptions by type">
          <BarChart
            title="Overdue exceptions by type"
            noun="overdue exception"
            empty="No exception is past its deadline."
            data={exceptions.byType
              .filter((t) => t.overdue > 0)
              .map((t) => ({
                label: t.label,
                value: t.overdue,
                href: links.exceptions({ type: t.key, overdue: true }),
                tone: 'bad' as const,
              }))}
          />
        </Panel>
        <Panel id="acks-overdue" title="Acknowledgments overdue, by partner">
          <BarChart
            title="Documents sent without the partner's 997 or 999 in time, by partner"
            noun="unacknowledged document"
            empty="Every partner acknowledged what we sent in time."
            data={overdueAcks.byPartner.map((t) => ({
              label: t.label,
              value: t.count,
              href: links.overdueAcks({ partner: t.key || undefined }),
              tone: 'bad' as const,
            }))}
          />
        </Panel>
      </div>
    </section>
  );
}

/** Dead letters and failed jobs per stage, and the queue (pending jobs) per stage. */
function PipelineSection(props: { f: DashboardFigures }) {
  const { stopped, queues } = props.f;
  const pending = queues.reduce((sum, q) => sum + q.count, 0);
  return (
    <section aria-labelledby="pipeline">
      <h2 id="pipeline">Pipeline</h2>
      <dl class="facts">
        <Figure
          term="Dead letters"
          value={counted(stopped.dead, 'job')}
          href={links.jobs({ status: 'dead' })}
        />
        <Figure
          term="Failed jobs"
          value={counted(stopped.failed, 'job')}
          href={links.jobs({ status: 'failed' })}
        />
        <Figure
          term="Jobs waiting"
          value={counted(pending, 'job')}
          href={links.jobs({ status: 'pending' })}
        />
      </dl>
      <div class="grid">
        <Panel id="jobs-dead" title="Dead letters by stage">
          <BarChart
            title="Dead letters (retries used up) by stage"
            noun="dead letter"
            empty="No dead letters."
            data={stopped.deadByStage.map((t) => ({
              label: t.label,
              value: t.count,
              href: links.jobs({ status: 'dead', stage: t.key }),
              tone: 'bad' as const,
            }))}
          />
        </Panel>
        <Panel id="jobs-failed" title="Failed jobs by stage">
          <BarChart
            title="Failed jobs (permanent errors) by stage"
            noun="failed job"
            empty="No failed jobs."
            data={stopped.failedByStage.map((t) => ({
              label: t.label,
              value: t.count,
              href: links.jobs({ status: 'failed', stage: t.key }),
              tone: 'bad' as const,
            }))}
          />
        </Panel>
        <Panel id="jobs-queues" title="Queue depth by stage">
          <BarChart
            title="Jobs waiting to run, by stage"
            noun="waiting job"
            empty="Every queue is empty."
            data={queues.map((q) => ({
              label: q.later > 0 ? `${q.label} (${q.later} scheduled later)` : q.label,
              value: q.count,
              href: links.jobs({ status: 'pending', stage: q.key }),
            }))}
          />
        </Panel>
      </div>
    </section>
  );
}

/** The dashboard: every figure links to the list it counts. */
export function Dashboard(props: { figures: DashboardFigures }) {
  const f = props.figures;
  return (
    <>
      <p class="hint">
        As of <When at={f.at} />. Days are UTC days; this week is today and the six days before it. Each
        figure and bar opens the list it counts.
      </p>
      <OrderSection f={f} />
      <AttentionSection f={f} />
      <PipelineSection f={f} />
    </>
  );
}
