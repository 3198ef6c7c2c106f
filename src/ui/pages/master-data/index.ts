import type { ConsoleApp, ConsoleDeps } from '../../deps.ts';
import { registerCrossReferencePages } from './cross-references.tsx';
import { registerInventoryPages } from './inventory.tsx';
import { registerPriceListPages } from './price-lists.tsx';
import { registerProductPages } from './products.tsx';

/**
 * Master data: products (search, one product's prices and stock, import by upload), price lists, inventory
 * (list, stock counts by upload) and a partner's cross-references. Reading is open to every role; imports
 * need an admin.
 */
export function registerMasterDataPages(app: ConsoleApp, deps: ConsoleDeps): void {
  registerProductPages(app, deps);
  registerPriceListPages(app, deps);
  registerInventoryPages(app, deps);
  registerCrossReferencePages(app, deps);
}
