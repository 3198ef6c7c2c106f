import { listPartners } from '../../../partners/partner-store.ts';
import { crossReferencePage } from '../../../services/master-data/cross-reference-pages.ts';
import { SelectField, TextField } from '../../components/form.tsx';
import { Table, When, withQuery } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { MasterDataNav } from './master-data-nav.tsx';
import { KeysetPager } from './pager.tsx';

/** Cross-references one page lists. */
const PAGE_SIZE = 100;

const KIND_WORDS = { buyerItem: "partner's item number", gtin: 'GTIN' } as const;

/**
 * A partner's cross-references (its item numbers and GTINs for our SKUs): choose the partner, search, page by
 * key. They are saved through the API (POST /v1/partners/:id/items) or learnt when an operator resolves an
 * unknown item with "remember".
 */
export function registerCrossReferencePages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/cross-references', async (c) => {
    const partners = await listPartners(deps.db);
    const partner = c.req.query('partner') || undefined;
    const known = partners.find((p) => p.id === partner);
    const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
    const after = c.req.query('after') || undefined;
    const page = known
      ? await crossReferencePage(deps.db, known.id, { q, after, limit: PAGE_SIZE })
      : undefined;
    return c.html(
      <Page title="Cross-references" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <form
          class="filters inline"
          method="get"
          action="/admin/cross-references"
          aria-label="Choose a partner"
        >
          <SelectField
            name="partner"
            label="Partner"
            value={partner ?? ''}
            options={[
              { value: '', label: 'Choose a partner' },
              ...partners.map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <TextField name="q" label="Item number, GTIN or SKU contains" type="search" value={q} />
          <button type="submit">Show</button>
        </form>
        {partner && !known && <p class="notice bad">There is no partner {partner}.</p>}
        {!page ? (
          <p class="hint">Choose a partner to see its item numbers and GTINs for our SKUs.</p>
        ) : (
          <>
            <Table
              caption={`Cross-references of ${known?.name ?? ''}`}
              head={['Kind', 'Partner’s value', 'Our SKU', 'Since']}
              rows={page.items.length}
              empty={q ? `No cross-reference holds “${q}”.` : 'This partner has no cross-references yet.'}
            >
              {page.items.map((x) => (
                <tr>
                  <td>{KIND_WORDS[x.kind]}</td>
                  <td>{x.value}</td>
                  <td>
                    <a href={`/admin/products/${encodeURIComponent(x.sku)}`}>{x.sku}</a>
                  </td>
                  <td>
                    <When at={x.createdAt} />
                  </td>
                </tr>
              ))}
            </Table>
            <KeysetPager
              first={after ? withQuery('/admin/cross-references', { partner, q }) : undefined}
              next={
                page.next ? withQuery('/admin/cross-references', { partner, q, after: page.next }) : undefined
              }
            />
          </>
        )}
      </Page>,
    );
  });
}
