import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { DeliveryContext } from '../src/core/connector.ts';
import { permanent } from '../src/core/errors.ts';

/**
 * Where a partner's delivery must not go unless ORDERGATE_ALLOW_PRIVATE_DELIVERY=1: the gateway's own host and
 * network, and the cloud metadata service (169.254.169.254), which a partner setting could otherwise make the
 * gateway call (SSRF). The first range that holds an address names it. An IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`, RFC 4291 §2.5.5.2) matches its IPv4 range: BlockList compares it so.
 */
const RANGES: readonly (readonly [category: string, network: string, prefix: number])[] = [
  // RFC 1122 §3.2.1.3 "this host on this network"; a connection to 0.0.0.0 reaches the local host
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8], // RFC 1918
  ['shared (CGNAT)', '100.64.0.0', 10], // RFC 6598
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16], // RFC 3927
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['multicast', '224.0.0.0', 4],
  ['broadcast', '255.255.255.255', 32],
  ['reserved', '240.0.0.0', 4], // RFC 1112 §4 class E
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['private', 'fc00::', 7], // RFC 4193 unique local
  ['link-local', 'fe80::', 10],
  ['private', 'fec0::', 10], // RFC 3879: deprecated site-local, still routed inside some networks
  ['multicast', 'ff00::', 8],
];

const LISTS = RANGES.map(([category, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { category, list };
});

/** What kind of non-public address an IP address is (`loopback`, `private` …), or undefined for a public one. */
export function addressCategory(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return LISTS.find(({ list }) => list.check(address, family))?.category;
}

/**
 * The address a host names literally: `[::1]` without its brackets, IPv4 shorthand (`127.1`, `0x7f.1`,
 * `2130706433`) read as a resolver reads it (WHATWG URL host parsing does the same); undefined for a name.
 */
function literalAddress(host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) return bare;
  if (!URL.canParse(`http://${bare}/`)) return undefined;
  const parsed = new URL(`http://${bare}/`).hostname;
  return isIP(parsed) ? parsed : undefined;
}

const REFUSED = 'delivery there is refused unless ORDERGATE_ALLOW_PRIVATE_DELIVERY=1';

/** "a loopback address", "an unspecified address". */
const anAddress = (category: string) => `${/^[aeiou]/.test(category) ? 'an' : 'a'} ${category} address`;

/** Looks a name up as a connection would (getaddrinfo: /etc/hosts, then DNS), every address of both families. */
export type AddressLookup = (host: string) => Promise<LookupAddress[]>;
const systemLookup: AddressLookup = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The addresses a delivery to `host` connects to: the literal, or every address the name resolves to. Unless
 * the context allows private addresses, EVERY one must be public, else a permanent `delivery.private_address`
 * names the host and the address (a name with one public and one private address is refused as a whole). The
 * caller connects only to these (see {@link pinnedLookup}), so a DNS answer that changes between this check
 * and the connection (rebinding) is never used. Lookup failures (ENOTFOUND, EAI_AGAIN) are thrown as they
 * are, for each transport to classify with its other network errors.
 */
export async function deliveryAddresses(
  host: string,
  context: Pick<DeliveryContext, 'allowPrivateAddresses'>,
  lookupAll: AddressLookup = systemLookup,
): Promise<[LookupAddress, ...LookupAddress[]]> {
  const literal = literalAddress(host);
  const [first, ...rest] = literal ? [{ address: literal, family: isIP(literal) }] : await lookupAll(host);
  if (first === undefined) {
    const error: NodeJS.ErrnoException = new Error(`${host} has no address`);
    error.code = 'ENOTFOUND';
    throw error;
  }
  const addresses: [LookupAddress, ...LookupAddress[]] = [first, ...rest];
  if (context.allowPrivateAddresses) return addresses;
  for (const { address } of addresses) {
    const category = addressCategory(address);
    if (category === undefined) continue;
    const what = literal
      ? `${host} is ${anAddress(category)}`
      : `${host} resolves to ${address}, ${anAddress(category)}`;
    throw permanent('delivery.private_address', `${what}: ${REFUSED}`, {
      details: { host, address, category },
    });
  }
  return addresses;
}

/**
 * When a partner is saved: the problem with a host that is literally a non-public address, unless allowed.
 * Names are not resolved here (their addresses may change): `send` resolves and checks them every time.
 */
export function literalHostProblem(
  host: string,
  context: Pick<DeliveryContext, 'allowPrivateAddresses'>,
): string | undefined {
  const literal = literalAddress(host);
  const category = literal === undefined ? undefined : addressCategory(literal);
  if (context.allowPrivateAddresses || category === undefined) return undefined;
  return `${host} is ${anAddress(category)}: ${REFUSED}`;
}

/**
 * A `lookup` for net, tls and http connect options that answers with these checked addresses only, instead of
 * asking DNS again. With several, the connection tries them in turn (Happy Eyeballs asks for all of them).
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    const first = usable[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address`);
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
    } else if (options.all) callback(null, [...usable]);
    else callback(null, first.address, first.family);
  };
}
