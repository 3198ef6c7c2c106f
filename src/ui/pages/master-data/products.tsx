import { readImportTable } from '../../../services/master-data/import-table.ts';
import { listInventory } from '../../../services/master-data/inventory.ts';
import { pricesOfSku } from '../../../services/master-data/price-pages.ts';
import { importProductFile, PRODUCT_COLUMNS } from '../../../services/master-data/product-import.ts';
import { getProduct, listProducts } from '../../../services/master-data/products.ts';
import { TextField } from '../../components/form.tsx';
import { Badge, Table, When, withQuery } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { type ImportOutcome, ImportPage, importRefusal, uploadedFile } from './import-page.tsx';
import { MasterDataNav } from './master-data-nav.tsx';
import { KeysetPager } from './pager.tsx';

/** Products one page lists. */
const PAGE_SIZE = 50;

/** A price's tiers in words: `1+: 4.75 · 100+: 4.25`. */
export const tiersText = (tiers: readonly { minQuantity: string; unitPrice: string }[]) =>
  tiers.map((t) => `${t.minQuantity}+: ${t.unitPrice}`).join(' · ');

/** Products: the searchable list, one product with its prices and stock, and the import by upload (admins). */
export function registerProductPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/products', async (c) => {
    const q = c.req.query('q')?.trim().slice(0, 200) || undefined;
    const after = c.req.query('after') || undefined;
    const { products, next } = await listProducts(deps.db, { q, after, limit: PAGE_SIZE });
    return c.html(
      <Page title="Products" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <form class="filters inline" method="get" action="/admin/products" aria-label="Search products">
          <TextField
            name="q"
            label="Search"
            type="search"
            value={q}
            hint="part of a SKU, GTIN or description; a UPC or EAN finds its GTIN"
          />
          <button type="submit">Search</button>
        </form>
        <Table
          caption="Products by SKU"
          head={['SKU', 'Description', 'GTIN', 'Unit', 'Pack', 'MOQ', 'Multiple', 'Status']}
          numeric={[4, 5, 6]}
          rows={products.length}
          empty={q ? `No product matches “${q}”.` : 'No products yet: import a file.'}
        >
          {products.map((p) => (
            <tr>
              <td>
                <a href={`/admin/products/${encodeURIComponent(p.sku)}`}>{p.sku}</a>
              </td>
              <td>{p.description}</td>
              <td>{p.gtin ?? '—'}</td>
              <td>{p.uom}</td>
              <td class="num">{p.packSize ?? '—'}</td>
              <td class="num">{p.moq ?? '—'}</td>
              <td class="num">{p.orderMultiple ?? '—'}</td>
              <td>
                <Badge tone={p.status === 'active' ? 'ok' : 'muted'}>{p.status}</Badge>
              </td>
            </tr>
          ))}
        </Table>
        <KeysetPager
          first={after ? withQuery('/admin/products', { q }) : undefined}
          next={next ? withQuery('/admin/products', { q, after: next }) : undefined}
        />
      </Page>,
    );
  });

  const renderImport = (c: ConsoleContext, outcome?: ImportOutcome<string>) =>
    c.html(
      <Page title="Import products" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <ImportPage
          user={c.get('user')}
          action="/admin/products/import"
          what="products"
          columns={PRODUCT_COLUMNS}
          outcome={outcome}
          back={{ href: '/admin/products', label: 'See the products' }}
        />
      </Page>,
      outcome?.refused || outcome?.fileProblem ? 422 : 200,
    );

  app.get('/products/import', allow('admin'), (c) => renderImport(c));
  app.post('/products/import', allow('admin'), async (c) => {
    const upload = await uploadedFile(c);
    if ('problem' in upload) return renderImport(c, { fileProblem: upload.problem });
    try {
      return renderImport(c, { saved: await importProductFile(deps.db, upload.file, actorOf(c)) });
    } catch (error) {
      const refused = importRefusal(error);
      if (!refused) throw error;
      // the file as the import read it, to show its rows with problems (a file it could not read has none)
      const table = await readImportTable(upload.file, PRODUCT_COLUMNS, 'products').catch(() => undefined);
      return renderImport(c, { refused, ...(table ? { table } : {}) });
    }
  });

  app.get('/products/:sku', async (c) => {
    const sku = c.req.param('sku');
    const product = await getProduct(deps.db, sku);
    if (!product) return c.notFound();
    const prices = await pricesOfSku(deps.db, sku);
    const stock = await listInventory(deps.db, { sku, limit: 100 });
    return c.html(
      <Page title={`Product ${product.sku}`} user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <section class="card" aria-labelledby="product">
          <h2 id="product">{product.description}</h2>
          <dl class="facts">
            <dt>SKU</dt>
            <dd>{product.sku}</dd>
            <dt>GTIN</dt>
            <dd>{product.gtin ?? '—'}</dd>
            <dt>Unit</dt>
            <dd>{product.uom}</dd>
            <dt>Pack size</dt>
            <dd>{product.packSize ?? '—'}</dd>
            <dt>Minimum order quantity</dt>
            <dd>{product.moq ?? '—'}</dd>
            <dt>Order multiple</dt>
            <dd>{product.orderMultiple ?? '—'}</dd>
            <dt>Status</dt>
            <dd>
              <Badge tone={product.status === 'active' ? 'ok' : 'muted'}>{product.status}</Badge>
            </dd>
            <dt>Substitutes</dt>
            <dd>
              {product.substitutes.length === 0
                ? '—'
                : product.substitutes.map((s, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`/admin/products/${encodeURIComponent(s)}`}>{s}</a>
                    </>
                  ))}
            </dd>
            <dt>Changed</dt>
            <dd>
              <When at={product.updatedAt} />
            </dd>
          </dl>
        </section>
        <section aria-labelledby="prices">
          <h2 id="prices">Prices</h2>
          <Table
            caption={`Prices of ${product.sku} by price list`}
            head={['Price list', 'Currency', 'Valid', 'Tiers (from quantity: unit price)']}
            rows={prices.length}
            empty="No price list prices this product."
          >
            {prices.map((p) => (
              <tr>
                <td>
                  <a href={`/admin/price-lists/${encodeURIComponent(p.priceListId)}`}>{p.priceListId}</a>
                </td>
                <td>{p.currency}</td>
                <td>
                  {p.validFrom} – {p.validTo ?? 'open'}
                </td>
                <td>{tiersText(p.tiers)}</td>
              </tr>
            ))}
          </Table>
        </section>
        <section aria-labelledby="stock">
          <h2 id="stock">Stock</h2>
          <Table
            caption={`Stock of ${product.sku} by warehouse`}
            head={['Warehouse', 'On hand', 'Reserved', 'Available']}
            numeric={[1, 2, 3]}
            rows={stock.inventory.length}
            empty="No stock counted for this product."
          >
            {stock.inventory.map((s) => (
              <tr>
                <td>{s.warehouse}</td>
                <td class="num">{s.onHand}</td>
                <td class="num">{s.reserved}</td>
                <td class="num">{s.available}</td>
              </tr>
            ))}
          </Table>
        </section>
      </Page>,
    );
  });
}
