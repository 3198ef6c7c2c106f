import dns2 from 'dns2';

const { Packet } = dns2;

/** A DNS server of a test's own on loopback: TXT records from a table, every other name NXDOMAIN. */
export interface TestDnsServer {
  /** `127.0.0.1:<port>`, as ORDERGATE_DNS_SERVERS takes it. */
  address: string;
  /** Publishes (or replaces) a TXT record. */
  set(name: string, record: string): void;
  close(): Promise<void>;
}

/** A TXT record as DNS carries it: character-strings of at most 255 bytes (a DKIM key is longer). */
function characterStrings(record: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < record.length; i += 255) parts.push(record.slice(i, i + 255));
  return parts;
}

/**
 * Starts a real DNS server (dns2, UDP and TCP on one loopback port) answering TXT queries from `records`, so a
 * gateway under test proves DKIM signatures and DMARC policies over the network exactly as in production,
 * without the internet. TCP is there for answers too long for UDP (a 2048-bit DKIM key): the resolver asks
 * again over TCP when a UDP answer comes back truncated. `failing` answers every query SERVFAIL (DNS down).
 */
export async function startDnsServer(
  records: Record<string, string> = {},
  options: { failing?: boolean } = {},
): Promise<TestDnsServer> {
  const table = new Map(Object.entries(records).map(([name, record]) => [name.toLowerCase(), record]));
  const handle: dns2.DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    if (options.failing) {
      // a resolver whose upstream is down answers SERVFAIL: no answer, neither yes nor no
      response.header.rcode = 2;
      return send(response);
    }
    const [question] = request.questions;
    const record = question === undefined ? undefined : table.get(question.name.toLowerCase());
    if (question !== undefined && record !== undefined && question.type === Packet.TYPE.TXT)
      response.answers.push({
        name: question.name,
        type: Packet.TYPE.TXT,
        class: Packet.CLASS.IN,
        ttl: 1,
        data: characterStrings(record),
      } as never);
    else response.header.rcode = 3; // NXDOMAIN
    send(response);
  };
  const udp = dns2.createServer({ udp: true, handle });
  await udp.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const { port } = udp.addresses().udp as { port: number };
  const tcp = dns2.createServer({ tcp: true, handle });
  await tcp.listen({ tcp: { port, address: '127.0.0.1' } });
  return {
    address: `127.0.0.1:${port}`,
    set: (name, record) => void table.set(name.toLowerCase(), record),
    close: async () => {
      await udp.close();
      await tcp.close();
    },
  };
}
