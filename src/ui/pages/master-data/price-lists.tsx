import { listPriceLists } from '../../../services/master-data/price-lists.ts';
import { priceListHead, priceListPricesPage } from '../../../services/master-data/price-pages.ts';
import { TextField } from '../../components/form.tsx';
import { Table, When, withQuery } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { MasterDataNav } from './master-data-nav.tsx';
import { KeysetPager } from './pager.tsx';
import { tiersText } from './products.tsx';

/** Prices one page of a list shows. */
const PAGE_SIZE = 100;

/**
 * Price lists: every list with its currency, dates, partners and how many SKUs it prices (lists are few: the
 * API lists them whole too), and one list's prices a page at a time by SKU, searchable.
 */
export function registerPriceListPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/price-lists', async (c) => {
    const lists = await listPriceLists(deps.db);
    return c.html(
      <Page title="Price lists" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <p class="hint">Price lists are saved whole through the API (POST /v1/price-lists).</p>
        <Table
          caption="Price lists by id"
          head={['Price list', 'Currency', 'Valid', 'For', 'SKUs', 'Changed']}
          numeric={[4]}
          rows={lists.length}
          empty="No price lists yet."
        >
          {lists.map((l) => (
            <tr>
              <td>
                <a href={`/admin/price-lists/${encodeURIComponent(l.id)}`}>{l.id}</a>
              </td>
              <td>{l.currency}</td>
              <td>
                {l.validFrom} – {l.validTo ?? 'open'}
              </td>
              <td>{l.partners.length === 0 ? 'every partner' : l.partners.join(', ')}</td>
              <td class="num">{l.skus}</td>
              <td>
                <When at={l.updatedAt} />
              </td>
            </tr>
          ))}
        </Table>
      </Page>,
    );
  });

  app.get('/price-lists/:id', async (c) => {
    const id = c.req.param('id');
    const head = await priceListHead(deps.db, id);
    if (!head) return c.notFound();
    const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
    const after = c.req.query('after') || undefined;
    const { prices, next } = await priceListPricesPage(deps.db, id, { q, after, limit: PAGE_SIZE });
    const path = `/admin/price-lists/${encodeURIComponent(id)}`;
    return c.html(
      <Page title={`Price list ${head.id}`} user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <dl class="facts">
          <dt>Currency</dt>
          <dd>{head.currency}</dd>
          <dt>Valid</dt>
          <dd>
            {head.validFrom} – {head.validTo ?? 'open'}
          </dd>
          <dt>For</dt>
          <dd>
            {head.partners.length === 0
              ? 'every partner'
              : head.partners.map((p, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`/admin/partners/${encodeURIComponent(p)}`}>{p}</a>
                  </>
                ))}
          </dd>
        </dl>
        <h2>Prices</h2>
        <form class="filters inline" method="get" action={path} aria-label="Search the prices">
          <TextField name="q" label="SKU contains" type="search" value={q} />
          <button type="submit">Search</button>
        </form>
        <Table
          caption={`Prices of ${head.id} by SKU`}
          head={['SKU', 'Tiers (from quantity: unit price)']}
          rows={prices.length}
          empty={q ? `No SKU of this list holds “${q}”.` : 'This list prices nothing.'}
        >
          {prices.map((p) => (
            <tr>
              <td>
                <a href={`/admin/products/${encodeURIComponent(p.sku)}`}>{p.sku}</a>
              </td>
              <td>{tiersText(p.tiers)}</td>
            </tr>
          ))}
        </Table>
        <KeysetPager
          first={after ? withQuery(path, { q }) : undefined}
          next={next ? withQuery(path, { q, after: next }) : undefined}
        />
      </Page>,
    );
  });
}
