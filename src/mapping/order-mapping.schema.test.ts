import { describe, expect, it } from 'vitest';
import type { core } from 'zod';
import { defaultOrderMapping } from './default-order-mapping.ts';
import { OrderMappingFile, ResolvedOrderMapping } from './order-mapping.schema.ts';
import { PartnerFile } from './partner-file.schema.ts';
import { describeIssue } from './yaml-file.ts';

const issues = (result: { error?: { issues: core.$ZodIssue[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${describeIssue(issue)}`) ?? [];

describe('OrderMappingFile', () => {
  it('accepts a minimal file and a full one', () => {
    expect(OrderMappingFile.safeParse({ document: '850', version: 1 }).success).toBe(true);
    const full = {
      document: '860',
      version: 2,
      description: 'x',
      parties: { markFor: ['Z7'] },
      items: { vendorItem: ['VN', 'VP'] },
      references: { store: ['ST'] },
      dates: { requestedShip: ['010'] },
      codes: {
        uom: { CA: 'CS' },
        orderType: { SA: 'regular' },
        purpose: { '04': 'replace' },
        change: { NC: 'none' },
      },
      defaults: { currency: 'CAD', uom: 'EA' },
      contacts: 'references',
      checks: { lineCount: 'warning', hashTotal: 'off', amountTotal: 'error' },
      overrides: [{ target: 'lines.items.sku', source: 'PO1[06=IZ].07' }],
    };
    expect(issues(OrderMappingFile.safeParse(full))).toEqual([]);
  });

  it('rejects unknown keys, unknown fields and bad codes with their paths', () => {
    const result = OrderMappingFile.safeParse({
      document: '850',
      version: 1,
      itmes: {},
      parties: { shipFrom: ['SF'] },
      items: { sku: ['sk'] },
      codes: { purpose: { '00': 'new' } },
      defaults: { currency: 'usd' },
    });
    expect(issues(result)).toEqual([
      'parties: Unrecognized key: "shipFrom"',
      expect.stringMatching(/^items\.sku\.0: must be an X12 code/),
      expect.stringMatching(/^codes\.purpose\.00: /),
      expect.stringMatching(/^defaults\.currency: must be an ISO 4217 code/),
      expect.stringMatching(/^: Unrecognized key: "itmes"/),
    ]);
  });

  it('rejects "raw" as a reference name and bad override targets and expressions', () => {
    const result = OrderMappingFile.safeParse({
      document: '850',
      version: 1,
      references: { raw: ['ZZ'], Store: ['ST'] },
      overrides: [
        { target: 'poNumber', source: 'REF.02' },
        { target: 'references.raw', source: 'REF.02' },
        { target: 'notes', source: 'REF[01=ST' },
      ],
    });
    expect(issues(result)).toEqual([
      'references.raw: invalid key: "raw" is reserved for the raw reference list',
      'references.Store: invalid key: must be a camelCase name such as "department"',
      expect.stringMatching(/^overrides\.0\.target: must be one of references\.<name>, dates\.<field>/),
      'overrides.1.target: "references.raw" cannot be overridden',
      'overrides.2.source: invalid path expression "REF[01=ST" at column 10: expected "]"',
    ]);
  });

  it('rejects a qualifier mapped to two fields, which would make the preference ambiguous', () => {
    const result = OrderMappingFile.safeParse({
      document: '850',
      version: 1,
      items: { vendorItem: ['VN'], sku: ['SK', 'VN'] },
      dates: { requestedShip: ['010'], cancelAfter: ['010'] },
    });
    expect(issues(result)).toEqual([
      'items.sku.1: qualifier VN is already mapped to vendorItem',
      'dates.cancelAfter.0: qualifier 010 is already mapped to requestedShip',
    ]);
  });
});

describe('default mapping', () => {
  it('is a valid resolved mapping per document, handed out as a copy', () => {
    for (const document of ['850', '860'] as const) {
      const mapping = defaultOrderMapping(document);
      expect(ResolvedOrderMapping.parse(mapping)).toEqual(mapping);
      mapping.items.sku?.push('ZZ');
      expect(defaultOrderMapping(document).items.sku).toEqual(['SK']);
    }
    expect(defaultOrderMapping('850').codes.change).toEqual({});
    expect(defaultOrderMapping('860').codes.purpose['04']).toBe('replace');
  });
});

describe('PartnerFile', () => {
  it('accepts the DESIGN §5 partner and rejects a misspelt setting', () => {
    const partner = {
      id: 'harbor-pine',
      name: 'Harbor & Pine',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' }],
      settings: { ack: '997', send855: true },
    };
    expect(PartnerFile.parse(partner)).toEqual({ ...partner, settings: { ack: '997', send855: true } });
    expect(issues(PartnerFile.safeParse({ ...partner, settings: { send885: true } }))).toEqual([
      'settings: Unrecognized key: "send885"',
    ]);
  });
});
