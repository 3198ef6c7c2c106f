import { describe, expect, it } from 'vitest';
import { defaultOrderMapping } from './default-order-mapping.ts';
import { resolveOrderMapping } from './resolve-order-mapping.ts';

describe('resolveOrderMapping', () => {
  it('returns the default with the file version when the file changes nothing', () => {
    expect(resolveOrderMapping({ document: '850', version: 3 })).toEqual({
      ...defaultOrderMapping('850'),
      version: 3,
    });
  });

  it('replaces a field list and moves a qualifier the partner claims elsewhere', () => {
    const mapping = resolveOrderMapping({
      document: '850',
      version: 1,
      items: { sku: ['VN', 'SK'] },
      parties: { markFor: ['Z7', 'MA'] },
    });
    expect(mapping.items.sku).toEqual(['VN', 'SK']);
    expect(mapping.items.vendorItem).toEqual(['VP', 'VA', 'VC']);
    expect(mapping.parties.markFor).toEqual(['Z7', 'MA']);
    expect(mapping.parties.shipTo).toEqual(['ST']);
  });

  it('merges code tables key by key, checks field by field and appends overrides', () => {
    const base = resolveOrderMapping({
      document: '860',
      version: 1,
      overrides: [{ target: 'notes', source: 'MSG.01' }],
    });
    const mapping = resolveOrderMapping(
      {
        document: '860',
        version: 2,
        codes: { uom: { CA: 'CS' }, change: { NC: 'change' } },
        checks: { hashTotal: 'warning' },
        overrides: [{ target: 'references.store', source: 'N1[01=ST].04' }],
      },
      { base },
    );
    expect(mapping.codes.uom).toEqual({ CA: 'CS' });
    expect(mapping.codes.change).toMatchObject({ NC: 'change', AI: 'add' });
    expect(mapping.checks).toEqual({ lineCount: 'error', hashTotal: 'warning', amountTotal: 'warning' });
    expect(mapping.overrides.map((o) => o.target)).toEqual(['notes', 'references.store']);
  });

  it('takes the currency from the file, else the partner settings, else the default', () => {
    const file = { document: '850', version: 1 } as const;
    expect(resolveOrderMapping(file).defaults.currency).toBe('USD');
    expect(resolveOrderMapping(file, { defaultCurrency: 'CAD' }).defaults.currency).toBe('CAD');
    const own = { ...file, defaults: { currency: 'EUR' } };
    expect(resolveOrderMapping(own, { defaultCurrency: 'CAD' }).defaults.currency).toBe('EUR');
  });
});
