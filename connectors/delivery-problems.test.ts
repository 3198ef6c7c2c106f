import { describe, expect, it } from 'vitest';
import type { DeliveryContext } from '../src/core/connector.ts';
import { deliveryProblems } from './delivery-problems.ts';

const REFUSE: DeliveryContext = { allowPrivateAddresses: false, outboxDir: '/srv/ordergate/outbox' };
const ALLOW: DeliveryContext = { ...REFUSE, allowPrivateAddresses: true };
const SECRET = 'hmac-secret-0123456789';

const httpPost = (url: string) => ({ delivery: { transport: 'http-post', config: { url, secret: SECRET } } });
const sftp = (host: string) => ({
  delivery: { transport: 'sftp', config: { host, username: 'edi', password: 'pw', remoteDir: '/in' } },
});
const smtp = (host: string) => ({
  delivery: { transport: 'smtp', config: { host, from: 'edi@supplier.example', to: 'po@partner.example' } },
});
const folderOut = (dir: string) => ({ delivery: { transport: 'folder-out', config: { dir } } });

describe('delivery settings checked when a partner is saved', () => {
  it('refuses a private address literal as the target host of each network transport', () => {
    expect(deliveryProblems(httpPost('http://169.254.169.254/latest/meta-data/'), REFUSE)).toEqual([
      {
        path: 'settings.delivery.config.url',
        message: expect.stringMatching(
          /^169\.254\.169\.254 is a link-local address: .*ORDERGATE_ALLOW_PRIVATE_DELIVERY=1/,
        ),
      },
    ]);
    expect(deliveryProblems(httpPost('https://u:p@[::1]:8443/edi?token=t'), REFUSE)).toEqual([
      {
        path: 'settings.delivery.config.url',
        message: expect.stringMatching(/^\[::1\] is a loopback address/),
      },
    ]);
    expect(deliveryProblems(sftp('10.0.0.5'), REFUSE)).toEqual([
      {
        path: 'settings.delivery.config.host',
        message: expect.stringMatching(/^10\.0\.0\.5 is a private address/),
      },
    ]);
    expect(deliveryProblems(smtp('127.0.0.1'), REFUSE)).toEqual([
      { path: 'settings.delivery.config.host', message: expect.stringMatching(/is a loopback address/) },
    ]);
  });

  it('leaves names to send time, and private literals to a gateway that allows them', () => {
    expect(deliveryProblems(httpPost('https://localhost/edi'), REFUSE)).toEqual([]);
    expect(deliveryProblems(httpPost('https://hooks.partner.example/edi'), REFUSE)).toEqual([]);
    expect(deliveryProblems(sftp('sftp.partner.example'), REFUSE)).toEqual([]);
    expect(deliveryProblems(sftp('10.0.0.5'), ALLOW)).toEqual([]);
    expect(deliveryProblems(httpPost('http://127.0.0.1:8080/edi'), ALLOW)).toEqual([]);
  });

  it('refuses a folder outside the outbox, allowed private addresses or not', () => {
    for (const context of [REFUSE, ALLOW]) {
      for (const dir of ['../elsewhere', '/etc', 'harbor/../../..'])
        expect(deliveryProblems(folderOut(dir), context), dir).toEqual([
          {
            path: 'settings.delivery.config.dir',
            message: expect.stringContaining('outside the outbox folder /srv/ordergate/outbox'),
          },
        ]);
      for (const dir of ['harbor-pine', '/srv/ordergate/outbox/harbor-pine', '.'])
        expect(deliveryProblems(folderOut(dir), context), dir).toEqual([]);
    }
  });

  it('checks only the schema without a context', () => {
    expect(deliveryProblems(folderOut('/etc'), undefined)).toEqual([]);
    expect(deliveryProblems(httpPost('ftp://x'), undefined).map((p) => p.path)).toEqual([
      'settings.delivery.config.url',
    ]);
  });
});
