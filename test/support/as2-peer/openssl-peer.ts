/**
 * The CMS core's unit tests (`connectors/as2/*.test.ts`) use the reference peer's OpenSSL (./openssl.ts) through
 * this: its workspace, identities, digests and asn1crypto compression, plus raw `openssl` calls so that a test
 * can ask for exactly the structure it checks (`-keyid`, `-nocerts`, an unusual cipher). Nothing here uses the
 * gateway's CMS code, so a test that agrees with it proves interoperability.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { As2KeyPair } from '../../../connectors/as2/keys.ts';
import { type DigestName, OpenSsl, run } from './openssl.ts';

const DAY_MS = 86_400_000;

/** A scratch directory with OpenSSL at hand; `close()` removes it. */
export interface OpensslPeer {
  dir: string;
  /** A path inside the directory. */
  path(name: string): string;
  write(name: string, bytes: Uint8Array | string): Promise<string>;
  read(name: string): Promise<Buffer>;
  /** Runs `openssl` with these arguments; its stdout. */
  openssl(args: string[]): Promise<Buffer>;
  /**
   * A self-signed RSA-2048 key pair, valid for a year; with `days`, valid `days` from now (negative: expired
   * that many days ago, valid for the 30 days before).
   */
  keyPair(
    name: string,
    options?: { days?: number },
  ): Promise<As2KeyPair & { keyPath: string; certPath: string }>;
  /** Digest as base64, computed by `openssl dgst`. */
  digest(alg: DigestName, bytes: Uint8Array): Promise<string>;
  /** CMS CompressedData (DER) of `data`, made by asn1crypto. */
  compress(data: Uint8Array): Promise<Buffer>;
  /** The content of CMS CompressedData, read by asn1crypto (which checks it is zlib compressed data). */
  decompress(der: Uint8Array): Promise<Buffer>;
  close(): Promise<void>;
}

export async function opensslPeer(): Promise<OpensslPeer> {
  const workspace = await OpenSsl.create();
  const path = (name: string) => join(workspace.dir, name);
  return {
    dir: workspace.dir,
    path,
    async write(name, bytes) {
      await writeFile(path(name), bytes);
      return path(name);
    },
    read: (name) => readFile(path(name)),
    openssl: (args) => run('openssl', args),
    async keyPair(name, options = {}) {
      const now = Date.now();
      const days = options.days;
      const dates =
        days === undefined
          ? undefined
          : days > 0
            ? { notBefore: new Date(now), notAfter: new Date(now + days * DAY_MS) }
            : { notBefore: new Date(now + (days - 30) * DAY_MS), notAfter: new Date(now + days * DAY_MS) };
      const identity = await workspace.identity(name, dates);
      return {
        keyPath: identity.keyPath,
        certPath: identity.certPath,
        privateKeyPem: identity.keyPem,
        certificatePem: identity.certPem,
      };
    },
    digest: (alg, bytes) => workspace.digest(bytes, alg),
    compress: (data) => workspace.compress(data),
    decompress: (der) => workspace.decompress(der),
    close: () => workspace.close(),
  };
}
