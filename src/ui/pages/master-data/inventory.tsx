import { readImportTable } from '../../../services/master-data/import-table.ts';
import { listInventory } from '../../../services/master-data/inventory.ts';
import { INVENTORY_COLUMNS, importInventoryFile } from '../../../services/master-data/product-import.ts';
import { TextField } from '../../components/form.tsx';
import { Table, When, withQuery } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { type ImportOutcome, ImportPage, importRefusal, uploadedFile } from './import-page.tsx';
import { MasterDataNav } from './master-data-nav.tsx';
import { KeysetPager } from './pager.tsx';

/** Stock rows one page lists. */
const PAGE_SIZE = 100;

/** Inventory: stock by SKU and warehouse (on hand, reserved, available), and stock counts by upload (admins). */
export function registerInventoryPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/inventory', async (c) => {
    const sku = c.req.query('sku')?.trim().slice(0, 100) || undefined;
    const warehouse = c.req.query('warehouse')?.trim().slice(0, 100) || undefined;
    const after = c.req.query('after') || undefined;
    const { inventory, next } = await listInventory(deps.db, { sku, warehouse, after, limit: PAGE_SIZE });
    return c.html(
      <Page title="Inventory" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <form class="filters inline" method="get" action="/admin/inventory" aria-label="Search the stock">
          <TextField name="sku" label="SKU" value={sku} hint="exactly" />
          <TextField name="warehouse" label="Warehouse" value={warehouse} hint="exactly" />
          <button type="submit">Search</button>
        </form>
        <Table
          caption="Stock by SKU and warehouse"
          head={['SKU', 'Warehouse', 'On hand', 'Reserved', 'Available', 'Counted']}
          numeric={[2, 3, 4]}
          rows={inventory.length}
          empty="No stock matches."
        >
          {inventory.map((s) => (
            <tr>
              <td>
                <a href={`/admin/products/${encodeURIComponent(s.sku)}`}>{s.sku}</a>
              </td>
              <td>{s.warehouse}</td>
              <td class="num">{s.onHand}</td>
              <td class="num">{s.reserved}</td>
              <td class="num">{s.available}</td>
              <td>
                <When at={s.updatedAt} />
              </td>
            </tr>
          ))}
        </Table>
        <KeysetPager
          first={after ? withQuery('/admin/inventory', { sku, warehouse }) : undefined}
          next={next ? withQuery('/admin/inventory', { sku, warehouse, after: next }) : undefined}
        />
      </Page>,
    );
  });

  const renderImport = (c: ConsoleContext, outcome?: ImportOutcome<string>) =>
    c.html(
      <Page title="Import stock counts" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MasterDataNav path={c.req.path} role={c.get('user').role} />
        <ImportPage
          user={c.get('user')}
          action="/admin/inventory/import"
          what="stock counts"
          columns={INVENTORY_COLUMNS}
          outcome={outcome}
          back={{ href: '/admin/inventory', label: 'See the stock' }}
        />
      </Page>,
      outcome?.refused || outcome?.fileProblem ? 422 : 200,
    );

  app.get('/inventory/import', allow('admin'), (c) => renderImport(c));
  app.post('/inventory/import', allow('admin'), async (c) => {
    const upload = await uploadedFile(c);
    if ('problem' in upload) return renderImport(c, { fileProblem: upload.problem });
    try {
      return renderImport(c, { saved: await importInventoryFile(deps.db, upload.file, actorOf(c)) });
    } catch (error) {
      const refused = importRefusal(error);
      if (!refused) throw error;
      const table = await readImportTable(upload.file, INVENTORY_COLUMNS, 'stock counts').catch(
        () => undefined,
      );
      return renderImport(c, { refused, ...(table ? { table } : {}) });
    }
  });
}
