/**
 * Test support: Debian's `openssl` as the independent AS2 peer (keys, certificates, `openssl cms`, `openssl dgst`).
 * Nothing here uses this package's CMS code, so a test that agrees with it proves interoperability.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { As2KeyPair } from './keys.ts';

const run = promisify(execFile);

/** Runs a program, returns its stdout bytes; stdin bytes when given. Fails with stderr in the message. */
export async function runBytes(program: string, args: string[], input?: Uint8Array): Promise<Buffer> {
  const child = run(program, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) child.child.stdin!.end(input);
  try {
    return (await child).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${program} ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}

/** A scratch directory with OpenSSL at hand; `close()` removes it. */
export interface OpensslPeer {
  dir: string;
  /** A path inside the directory. */
  path(name: string): string;
  write(name: string, bytes: Uint8Array | string): Promise<string>;
  read(name: string): Promise<Buffer>;
  openssl(args: string[], input?: Uint8Array): Promise<Buffer>;
  /** A self-signed RSA key pair with `days` of validity (negative: expired that many days ago). */
  keyPair(
    name: string,
    options?: { bits?: number; days?: number },
  ): Promise<As2KeyPair & { keyPath: string; certPath: string }>;
  /** Digest as base64, computed by `openssl dgst`. */
  digest(alg: string, bytes: Uint8Array): Promise<string>;
  close(): Promise<void>;
}

export async function opensslPeer(): Promise<OpensslPeer> {
  const dir = await mkdtemp(join(tmpdir(), 'as2-peer-'));
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[], input?: Uint8Array) => runBytes('openssl', args, input);
  return {
    dir,
    path,
    async write(name, bytes) {
      await writeFile(path(name), bytes);
      return path(name);
    },
    read: (name) => readFile(path(name)),
    openssl,
    async keyPair(name, options = {}) {
      const keyPath = path(`${name}.key`);
      const certPath = path(`${name}.crt`);
      await openssl([
        'genpkey',
        '-algorithm',
        'RSA',
        '-pkeyopt',
        `rsa_keygen_bits:${options.bits ?? 2048}`,
        '-out',
        keyPath,
      ]);
      const days = options.days ?? 365;
      if (days > 0)
        await openssl([
          'req',
          '-new',
          '-x509',
          '-key',
          keyPath,
          '-subj',
          `/CN=${name}/O=AS2 test`,
          '-days',
          String(days),
          '-out',
          certPath,
        ]);
      else {
        // an expired certificate: `req -x509` takes no negative -days, `ca -selfsign` takes explicit dates
        const csr = path(`${name}.csr`);
        await openssl(['req', '-new', '-key', keyPath, '-subj', `/CN=${name}/O=AS2 test`, '-out', csr]);
        const end = new Date(Date.now() + days * 86_400_000);
        const start = new Date(end.getTime() - 30 * 86_400_000);
        const asn1Time = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;
        const ca = path(`${name}-ca`);
        await mkdir(ca);
        await writeFile(join(ca, 'index.txt'), '');
        await writeFile(join(ca, 'serial'), '01\n');
        await writeFile(
          join(ca, 'ca.cnf'),
          `[ca]\ndefault_ca = d\n[d]\ndatabase = ${ca}/index.txt\nnew_certs_dir = ${ca}\nserial = ${ca}/serial\n` +
            'policy = p\ndefault_md = sha256\n[p]\ncommonName = supplied\norganizationName = optional\n',
        );
        await openssl([
          'ca',
          '-batch',
          '-config',
          join(ca, 'ca.cnf'),
          '-selfsign',
          '-keyfile',
          keyPath,
          '-in',
          csr,
          '-out',
          certPath,
          '-startdate',
          asn1Time(start),
          '-enddate',
          asn1Time(end),
          '-notext',
        ]);
      }
      return {
        keyPath,
        certPath,
        privateKeyPem: await readFile(keyPath, 'utf8'),
        certificatePem: await readFile(certPath, 'utf8'),
      };
    },
    async digest(alg, bytes) {
      return (await openssl(['dgst', `-${alg}`, '-binary'], bytes)).toString('base64');
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Debian's python3-asn1crypto, the independent CMS CompressedData implementation (OpenSSL here has no zlib). */
const PYTHON = '/usr/bin/python3';
const COMPRESS = `
import sys
from asn1crypto import cms
data = sys.stdin.buffer.read()
info = cms.ContentInfo({'content_type': 'compressed_data', 'content': cms.CompressedData({
  'version': 'v0', 'compression_algorithm': {'algorithm': 'zlib'},
  'encap_content_info': {'content_type': 'data', 'content': __import__('zlib').compress(data)}})})
sys.stdout.buffer.write(info.dump())
`;
const DECOMPRESS = `
import sys
from asn1crypto import cms
info = cms.ContentInfo.load(sys.stdin.buffer.read())
assert info['content_type'].native == 'compressed_data'
assert info['content']['compression_algorithm']['algorithm'].native == 'zlib'
sys.stdout.buffer.write(info['content'].decompressed)
`;
/** CMS CompressedData (DER) of `data`, made by asn1crypto. */
export const asn1cryptoCompress = (data: Uint8Array) => runBytes(PYTHON, ['-c', COMPRESS], data);
/** The content of CMS CompressedData, read by asn1crypto (which checks it is zlib compressed data). */
export const asn1cryptoDecompress = (data: Uint8Array) => runBytes(PYTHON, ['-c', DECOMPRESS], data);
