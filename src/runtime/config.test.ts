import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('delivery limits in the environment', () => {
  it('refuses private delivery targets and writes under <data dir>/outbox unless told otherwise', () => {
    const config = loadConfig({ ORDERGATE_DATA_DIR: '/var/lib/ordergate' });
    expect(config.allowPrivateDelivery).toBe(false);
    expect(config.outboxDir).toBe(path.resolve('/var/lib/ordergate/outbox'));
  });

  it('reads ORDERGATE_ALLOW_PRIVATE_DELIVERY=1 and ORDERGATE_OUTBOX_DIR', () => {
    const config = loadConfig({
      ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1',
      ORDERGATE_OUTBOX_DIR: '/srv/edi/outbox',
    });
    expect(config.allowPrivateDelivery).toBe(true);
    expect(config.outboxDir).toBe(path.resolve('/srv/edi/outbox'));
    expect(loadConfig({ ORDERGATE_ALLOW_PRIVATE_DELIVERY: '0' }).allowPrivateDelivery).toBe(false);
    // a relative outbox is taken from the working directory, like the other folders
    expect(loadConfig({ ORDERGATE_OUTBOX_DIR: 'out' }).outboxDir).toBe(path.resolve('out'));
  });

  it('refuses anything but 0 or 1, rather than guessing what "yes" means', () => {
    expect(() => loadConfig({ ORDERGATE_ALLOW_PRIVATE_DELIVERY: 'yes' })).toThrow(ConfigError);
  });
});

describe('the /metrics token', () => {
  it('is unset by default and at least 16 characters when set', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ ORDERGATE_METRICS_TOKEN: 'scraper-token-0123456789' }).metricsToken).toBe(
      'scraper-token-0123456789',
    );
    expect(() => loadConfig({ ORDERGATE_METRICS_TOKEN: 'too-short' })).toThrow(/ORDERGATE_METRICS_TOKEN/);
  });
});
