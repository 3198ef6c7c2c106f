import { describe, expect, it } from 'vitest';
import { partnerSettingsDefaults } from '../core/partner.ts';
import { defaultOutboundMapping } from '../mapping/default-outbound-mapping.ts';
import { effectiveSettings, type OutboundAgreement } from './outbound-agreement.ts';

const defaults: OutboundAgreement['outbound'] = {
  '855': defaultOutboundMapping('855'),
  '856': defaultOutboundMapping('856'),
  '810': defaultOutboundMapping('810'),
  '865': defaultOutboundMapping('865'),
};
const settings = { ...partnerSettingsDefaults([{ type: 'x12' }]), asnShape: 'SOTPI' as const };

describe('effectiveSettings', () => {
  it('keeps the partner settings when the mappings do not say when or how', () => {
    expect(effectiveSettings(settings, defaults)).toEqual(settings);
  });

  it("lets a mapping's send and hierarchy win over send855, invoiceOnShipment and asnShape", () => {
    const outbound: OutboundAgreement['outbound'] = {
      '855': { ...defaults['855'], send: 'never' },
      '856': { ...defaults['856'], hierarchy: 'SOI' },
      '810': { ...defaults['810'], send: 'with-shipment' },
      '865': defaults['865'],
    };
    expect(effectiveSettings(settings, outbound)).toEqual({
      ...settings,
      send855: false,
      asnShape: 'SOI',
      invoiceOnShipment: true,
    });
    const back = { ...outbound, '855': { ...defaults['855'], send: 'on-route' as const } };
    expect(effectiveSettings({ ...settings, send855: false }, back).send855).toBe(true);
  });
});
