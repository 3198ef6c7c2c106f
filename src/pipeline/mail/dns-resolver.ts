import { promises as dns } from 'node:dns';

/** The resolver mailauth asks: a name and a record type to the records, as `dns.promises.resolve` answers. */
export type DnsResolve = (name: string, type: string) => Promise<unknown>;

const resolvers = new Map<string, DnsResolve>();

/**
 * DNS lookups for DKIM keys and DMARC policies: the system's resolvers, or `servers` (ORDERGATE_DNS_SERVERS:
 * a closed network's own resolver, a test's), one resolver per server list for the process.
 */
export function dnsResolver(servers: readonly string[] | undefined): DnsResolve {
  const key = servers?.join(',') ?? '';
  let resolve = resolvers.get(key);
  if (resolve === undefined) {
    const resolver = new dns.Resolver({ timeout: 5000, tries: 2 });
    if (servers !== undefined && servers.length > 0) resolver.setServers([...servers]);
    resolve = (name, type) => resolver.resolve(name, type as 'TXT');
    resolvers.set(key, resolve);
  }
  return resolve;
}
