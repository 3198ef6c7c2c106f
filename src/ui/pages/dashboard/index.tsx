import { listPartners } from '../../../partners/partner-store.ts';
import { dashboardFigures } from '../../../services/dashboard/figures.ts';
import { listOverdueAcks } from '../../../services/dashboard/overdue-acks.ts';
import type { ConsoleApp, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { Dashboard } from './dashboard-view.tsx';
import { OverdueAcks } from './overdue-acks-view.tsx';

/** Documents one page of the overdue acknowledgments lists. */
const PAGE_SIZE = 50;

/**
 * The dashboard (`/admin`, every role): the week's orders, exceptions, overdue acknowledgments, dead letters
 * and queues as charts, each linking to its list; and the list behind the overdue acknowledgments
 * (`/admin/overdue-acks`), which no other area lists.
 */
export function registerDashboardPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/', async (c) =>
    c.html(
      <Page title="Dashboard" user={c.get('user')} path={c.req.path} version={deps.version}>
        <Dashboard figures={await dashboardFigures(deps.db)} />
      </Page>,
    ),
  );

  app.get('/overdue-acks', async (c) => {
    const partner = c.req.query('partner')?.trim().slice(0, 254) || undefined;
    const after = c.req.query('after')?.slice(0, 300) || undefined;
    const rows = await listOverdueAcks(deps.db, { partnerId: partner, after, limit: PAGE_SIZE + 1 });
    const page = rows.slice(0, PAGE_SIZE);
    const partners = (await listPartners(deps.db)).map((p) => ({ id: p.id, name: p.name }));
    return c.html(
      <Page title="Overdue acknowledgments" user={c.get('user')} path={c.req.path} version={deps.version}>
        <OverdueAcks
          rows={page}
          partner={partner}
          after={after}
          next={rows.length > PAGE_SIZE ? page.at(-1)?.id : undefined}
          partners={partners}
        />
      </Page>,
    );
  });
}
