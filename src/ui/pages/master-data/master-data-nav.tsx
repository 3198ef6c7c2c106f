import { type Role, roleAllows } from '../../../core/user.ts';

/** The master-data pages, in the order their navigation lists them. */
const PAGES: readonly { href: string; label: string; role: Role }[] = [
  { href: '/admin/products', label: 'Products', role: 'viewer' },
  { href: '/admin/price-lists', label: 'Price lists', role: 'viewer' },
  { href: '/admin/inventory', label: 'Inventory', role: 'viewer' },
  { href: '/admin/cross-references', label: 'Cross-references', role: 'viewer' },
  { href: '/admin/products/import', label: 'Import products', role: 'admin' },
  { href: '/admin/inventory/import', label: 'Import stock counts', role: 'admin' },
];

/** The links between the master-data pages the user's role may open (the console's navigation names the area once). */
export function MasterDataNav(props: { path: string; role: Role }) {
  return (
    <nav class="filters" aria-label="Master data">
      {PAGES.filter((p) => roleAllows(props.role, p.role)).map((p, i) => (
        <>
          {i > 0 && ' · '}
          <a href={p.href} aria-current={props.path === p.href ? 'page' : undefined}>
            {p.label}
          </a>
        </>
      ))}
    </nav>
  );
}
