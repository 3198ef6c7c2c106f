/**
 * The AS2 reference peer (issue 18): an AS2 partner built on Debian's openssl and curl, sharing no code with the
 * gateway's connectors/as2, so that it can judge them. A peer is a name (its AS2 identifier), a key pair with a
 * self-signed certificate, and an openssl workspace; client.ts sends with it, receiver.ts receives with it.
 */
import { type Identity, OpenSsl } from './openssl.ts';

export interface As2Peer {
  /** Its AS2 identifier (AS2-From when it sends, AS2-To when it receives). */
  name: string;
  identity: Identity;
  openssl: OpenSsl;
  /** Removes its workspace (keys, certificates, scratch files). */
  close(): Promise<void>;
}

/** A peer named `name` with a fresh RSA-2048 key and self-signed certificate (CN = the name). */
export async function createPeer(name: string): Promise<As2Peer> {
  const openssl = await OpenSsl.create();
  try {
    const identity = await openssl.identity(name);
    return { name, identity, openssl, close: () => openssl.close() };
  } catch (error) {
    await openssl.close();
    throw error;
  }
}
