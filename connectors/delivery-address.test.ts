import { describe, expect, it } from 'vitest';
import { sendFailure as failure } from '../test/support/delivery-payload.ts';
import { addressCategory, deliveryAddresses, literalHostProblem } from './delivery-address.ts';

const REFUSE = { allowPrivateAddresses: false };
const ALLOW = { allowPrivateAddresses: true };

/** A DNS answer of our choosing, for names no test DNS server can publish (one public, one private address). */
const answering =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const noLookup = async () => {
  throw new Error('an address literal is not looked up');
};

describe('delivery target addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
  ])('%s is %s', (address, category) => {
    expect(addressCategory(address)).toBe(category);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(addressCategory(address)).toBeUndefined();
    },
  );

  it('refuses a name when any of its addresses is private, naming the host and that address', async () => {
    const error = await failure(
      deliveryAddresses('mixed.partner.example', REFUSE, answering('93.184.215.14', '10.0.0.7')),
    );
    expect(error).toMatchObject({
      kind: 'permanent',
      code: 'delivery.private_address',
      details: { host: 'mixed.partner.example', address: '10.0.0.7', category: 'private' },
    });
    expect(error.message).toMatch(/^mixed\.partner\.example resolves to 10\.0\.0\.7, a private address/);
    expect(error.message).toContain('ORDERGATE_ALLOW_PRIVATE_DELIVERY=1');
  });

  it('returns every checked address of a public name, in the resolver’s order', async () => {
    const lookup = answering('2606:2800:21f:cb07:6820:80da:af6b:8b2c', '93.184.215.14');
    expect(await deliveryAddresses('partner.example', REFUSE, lookup)).toEqual([
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      { address: '93.184.215.14', family: 4 },
    ]);
  });

  it('checks an address literal without looking it up, brackets and all', async () => {
    for (const host of ['127.0.0.1', '[::1]', '169.254.169.254', '10.0.0.1', '0.0.0.0'])
      expect(await failure(deliveryAddresses(host, REFUSE, noLookup))).toMatchObject({
        code: 'delivery.private_address',
      });
    expect(await deliveryAddresses('[2606:4700::1111]', REFUSE, noLookup)).toEqual([
      { address: '2606:4700::1111', family: 6 },
    ]);
  });

  it('resolves localhost with the system resolver and refuses it', async () => {
    const error = await failure(deliveryAddresses('localhost', REFUSE));
    expect(error).toMatchObject({ code: 'delivery.private_address', details: { category: 'loopback' } });
  });

  it('lets ORDERGATE_ALLOW_PRIVATE_DELIVERY=1 deliver inside the own network, still pinning the addresses', async () => {
    expect(await deliveryAddresses('localhost', ALLOW, answering('127.0.0.1'))).toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
  });

  it('finds literal private hosts when a partner is saved, names are left to send time', () => {
    expect(literalHostProblem('169.254.169.254', REFUSE)).toMatch(
      /^169\.254\.169\.254 is a link-local address/,
    );
    // IPv4 shorthand is canonicalised the way a resolver reads it
    expect(literalHostProblem('127.1', REFUSE)).toMatch(/^127\.1 is a loopback address/);
    expect(literalHostProblem('[fd00::1]', REFUSE)).toMatch(/is a private address/);
    expect(literalHostProblem('localhost', REFUSE)).toBeUndefined();
    expect(literalHostProblem('93.184.215.14', REFUSE)).toBeUndefined();
    expect(literalHostProblem('10.0.0.1', ALLOW)).toBeUndefined();
  });
});
