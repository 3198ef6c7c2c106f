/**
 * The AS2 reference peer's cryptography: Debian's `openssl` command (3.0) run through execFile, and, for RFC 3274
 * CompressedData (Debian's OpenSSL is built without zlib, so `openssl cms -compress` fails), Debian's
 * `/usr/bin/python3` with python3-asn1crypto and the standard zlib. Nothing here imports the gateway's code: the
 * peer judges the gateway's CMS with a CMS implementation that shares none of it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Digests as AS2 names them in `micalg` and `signed-receipt-micalg` (RFC 5751 §3.4.3.2; `sha1` is older usage). */
export type MicAlg = 'sha1' | 'sha-1' | 'sha-256' | 'sha-384' | 'sha-512';
/** Digests as `openssl cms -sign -md` and `openssl dgst` name them. */
export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
/** Content encryption algorithms (issue 18's list); the GCM ones make AuthEnvelopedData (RFC 5083). */
export type CipherName = 'aes128' | 'aes192' | 'aes256' | 'aes128-gcm' | 'aes192-gcm' | 'aes256-gcm' | 'des3';

export const DIGESTS: readonly DigestName[] = ['sha1', 'sha256', 'sha384', 'sha512'];
export const CIPHERS: readonly CipherName[] = [
  'aes128',
  'aes192',
  'aes256',
  'aes128-gcm',
  'aes192-gcm',
  'aes256-gcm',
  'des3',
];

/** `sha-256` → `sha256`; undefined for a name the peer does not know. */
export function digestOf(micAlg: string): DigestName | undefined {
  const name = micAlg.trim().toLowerCase().replace('-', '');
  return (DIGESTS as readonly string[]).includes(name) ? (name as DigestName) : undefined;
}

/** `sha256` → `sha-256`, as RFC 5751 writes `micalg` (SHA-1 as `sha1`, which every AS2 product reads). */
export function micAlgOf(digest: DigestName): MicAlg {
  return digest === 'sha1' ? 'sha1' : (`sha-${digest.slice(3)}` as MicAlg);
}

/** The `openssl cms` option choosing a cipher. */
function cipherOption(cipher: CipherName): string {
  const gcm = /^aes(\d+)-gcm$/.exec(cipher);
  return gcm ? `-aes-${gcm[1]}-gcm` : `-${cipher}`;
}

/** An openssl `cms -cmsout -print` algorithm name → the peer's cipher name (what the gateway encrypted with). */
const PRINTED_CIPHERS: Record<string, CipherName> = {
  'aes-128-cbc': 'aes128',
  'aes-192-cbc': 'aes192',
  'aes-256-cbc': 'aes256',
  'aes-128-gcm': 'aes128-gcm',
  'aes-192-gcm': 'aes192-gcm',
  'aes-256-gcm': 'aes256-gcm',
  'des-ede3-cbc': 'des3',
};

/** A key pair with its certificate, as PEM and as files in the peer's directory. */
export interface Identity {
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
}

/** A failed openssl/python/curl run: the command's stderr is the message. */
export class ToolError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command} failed: ${stderr.trim().slice(0, 2000)}`);
  }
}

/** Runs a program, resolving with its stdout bytes; a non-zero exit rejects with a ToolError. */
export function run(command: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new ToolError(`${command} ${args.slice(0, 3).join(' ')}`, stderr.toString()));
      else resolve(stdout);
    });
  });
}

/** RFC 3274 CompressedData with zlib (OID 1.2.840.113549.1.9.16.3.8), built and read with asn1crypto. */
const COMPRESSION = `
import sys, zlib
from asn1crypto import cms
mode, source, target = sys.argv[1:4]
data = open(source, 'rb').read()
if mode == 'compress':
    info = cms.ContentInfo({
        'content_type': 'compressed_data',
        'content': cms.CompressedData({
            'version': 'v0',
            'compression_algorithm': {'algorithm': 'zlib'},
            'encap_content_info': {'content_type': 'data', 'content': zlib.compress(data)},
        }),
    })
    out = info.dump()
else:
    info = cms.ContentInfo.load(data)
    if info['content_type'].native != 'compressed_data':
        sys.exit('not CompressedData: ' + str(info['content_type'].native))
    out = info['content'].decompressed
open(target, 'wb').write(out)
`;

/**
 * One peer's openssl workspace: a temp directory holding its key, certificates and the files each command reads
 * and writes. `close()` removes it.
 */
export class OpenSsl {
  private counter = 0;

  private constructor(readonly dir: string) {}

  static async create(): Promise<OpenSsl> {
    return new OpenSsl(await mkdtemp(join(tmpdir(), 'ordergate-as2-peer-')));
  }

  /** Writes bytes to a fresh file of the workspace and returns its path (kept until `close()`). */
  async file(bytes: Uint8Array | string, name = 'f'): Promise<string> {
    const path = this.out(name);
    await writeFile(path, bytes);
    return path;
  }

  /** Removes workspace files (a caller's scratch files). */
  async remove(...paths: string[]): Promise<void> {
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }

  /** A fresh path in the workspace. */
  private out(name: string): string {
    return join(this.dir, `${++this.counter}-${name}`);
  }

  /**
   * Runs `body` with scratch files (`input` writes one, `output` names one) that are removed afterwards, so a
   * long benchmark run does not fill the disk with megabyte messages.
   */
  private async scratch<T>(
    body: (files: {
      input(bytes: Uint8Array | string, name: string): Promise<string>;
      output(name: string): string;
    }) => Promise<T>,
  ): Promise<T> {
    const paths: string[] = [];
    try {
      return await body({
        input: async (bytes, name) => {
          const path = this.out(name);
          paths.push(path);
          await writeFile(path, bytes);
          return path;
        },
        output: (name) => {
          const path = this.out(name);
          paths.push(path);
          return path;
        },
      });
    } finally {
      await Promise.all(paths.map((path) => rm(path, { force: true })));
    }
  }

  /**
   * A fresh RSA-2048 key and its self-signed certificate (`openssl req -x509`). With `notBefore`/`notAfter`
   * (an expired certificate, say) the certificate is made by `openssl ca -selfsign`, which takes both dates.
   */
  async identity(commonName: string, dates?: { notBefore: Date; notAfter: Date }): Promise<Identity> {
    const keyPath = this.out('key.pem');
    const certPath = this.out('cert.pem');
    const subject = `/CN=${commonName}/O=ordergate AS2 reference peer`;
    if (!dates) {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '365',
        '-subj',
        subject,
      ]);
    } else {
      const requestPath = this.out('req.pem');
      await run('openssl', [
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        requestPath,
        '-subj',
        subject,
      ]);
      await this.selfSignWithDates(requestPath, keyPath, certPath, dates);
    }
    return {
      keyPath,
      certPath,
      keyPem: await readFile(keyPath, 'utf8'),
      certPem: await readFile(certPath, 'utf8'),
    };
  }

  /** `openssl ca -selfsign` with a throwaway CA database: the one openssl 3.0 command that sets both dates. */
  private async selfSignWithDates(
    requestPath: string,
    keyPath: string,
    certPath: string,
    dates: { notBefore: Date; notAfter: Date },
  ): Promise<void> {
    const ca = this.out('ca');
    await run('mkdir', ['-p', ca]);
    await writeFile(join(ca, 'index.txt'), '');
    const config = await this.file(
      [
        '[ca]',
        'default_ca = peer',
        '[peer]',
        `dir = ${ca}`,
        `database = ${ca}/index.txt`,
        `new_certs_dir = ${ca}`,
        'rand_serial = yes',
        'default_md = sha256',
        'policy = anything',
        'unique_subject = no',
        'copy_extensions = none',
        '[anything]',
        'commonName = supplied',
        'organizationName = optional',
        '[ext]',
        'basicConstraints = CA:FALSE',
        'keyUsage = digitalSignature, keyEncipherment',
        '',
      ].join('\n'),
      'ca.cnf',
    );
    const stamp = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    await run('openssl', [
      'ca',
      '-batch',
      '-config',
      config,
      '-selfsign',
      '-keyfile',
      keyPath,
      '-in',
      requestPath,
      '-out',
      certPath,
      '-startdate',
      stamp(dates.notBefore),
      '-enddate',
      stamp(dates.notAfter),
      '-extensions',
      'ext',
      '-notext',
    ]);
  }

  /**
   * A detached CMS SignedData over exactly `content` (`-binary`: no canonicalization, the bytes as given), DER.
   * With signed attributes (content type, signing time, message digest, S/MIME capabilities) as AS2 products sign.
   */
  sign(content: Uint8Array, signer: Identity, digest: DigestName): Promise<Buffer> {
    return this.scratch(async ({ input, output }) => {
      const [source, target] = [await input(content, 'content'), output('sig.der')];
      await run('openssl', [
        'cms',
        '-sign',
        '-binary',
        '-md',
        digest,
        '-in',
        source,
        '-signer',
        signer.certPath,
        '-inkey',
        signer.keyPath,
        '-outform',
        'DER',
        '-out',
        target,
      ]);
      return readFile(target);
    });
  }

  /**
   * Verifies a detached DER signature over `content` (`-binary`, the exact bytes) against `trustedCertPem`, the
   * only trust anchor (`-CAfile`; `-partial_chain`, so that a partner's CA-issued certificate can be that anchor
   * as a self-signed one is). `-purpose any`: AS2 certificates are often without the S/MIME extended key usage.
   * `at`: check the certificate's validity at that time instead of now (a captured message from years ago).
   * Throws a ToolError when the signature, the digest or the signer's certificate (unknown, expired) does not hold.
   */
  verify(
    content: Uint8Array,
    signature: Uint8Array,
    trustedCertPem: string,
    options: { at?: Date } = {},
  ): Promise<void> {
    return this.scratch(async ({ input }) => {
      await run('openssl', [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        await input(signature, 'sig.der'),
        '-content',
        await input(content, 'signed'),
        '-CAfile',
        await input(trustedCertPem, 'trusted.pem'),
        '-partial_chain',
        '-purpose',
        'any',
        ...(options.at ? ['-attime', String(Math.floor(options.at.getTime() / 1000))] : []),
        '-out',
        '/dev/null',
      ]);
    });
  }

  /** `content` encrypted for `recipientCertPem`: DER EnvelopedData, or AuthEnvelopedData for the GCM ciphers. */
  encrypt(content: Uint8Array, recipientCertPem: string, cipher: CipherName): Promise<Buffer> {
    return this.scratch(async ({ input, output }) => {
      const target = output('enc.der');
      await run('openssl', [
        'cms',
        '-encrypt',
        '-binary',
        cipherOption(cipher),
        '-in',
        await input(content, 'plain'),
        '-outform',
        'DER',
        '-out',
        target,
        await input(recipientCertPem, 'recipient.pem'),
      ]);
      return readFile(target);
    });
  }

  /** Decrypts DER (Auth)EnvelopedData with `recipient`'s key; throws when it is not for that key or is damaged. */
  decrypt(der: Uint8Array, recipient: Identity): Promise<Buffer> {
    return this.scratch(async ({ input, output }) => {
      const target = output('plain');
      await run('openssl', [
        'cms',
        '-decrypt',
        '-binary',
        '-inform',
        'DER',
        '-in',
        await input(der, 'enc.der'),
        '-recip',
        recipient.certPath,
        '-inkey',
        recipient.keyPath,
        '-out',
        target,
      ]);
      return readFile(target);
    });
  }

  /** The content encryption algorithm of DER (Auth)EnvelopedData, as `openssl cms -cmsout -print` reads it. */
  cipherOf(der: Uint8Array): Promise<string> {
    return this.scratch(async ({ input }) => {
      const printed = (
        await run('openssl', [
          'cms',
          '-cmsout',
          '-print',
          '-inform',
          'DER',
          '-in',
          await input(der, 'enc.der'),
        ])
      ).toString();
      const name = /contentEncryptionAlgorithm:\s*\n\s*algorithm: (\S+)/.exec(printed)?.[1] ?? 'unknown';
      return PRINTED_CIPHERS[name] ?? name;
    });
  }

  /** `openssl dgst -<digest> -binary` of `content`, base64: a MIC as AS2 writes it. */
  digest(content: Uint8Array, digest: DigestName): Promise<string> {
    return this.scratch(async ({ input }) =>
      (await run('openssl', ['dgst', `-${digest}`, '-binary', await input(content, 'digest-in')])).toString(
        'base64',
      ),
    );
  }

  /** RFC 3274 CompressedData (zlib) of `content`, DER. */
  compress(content: Uint8Array): Promise<Buffer> {
    return this.python('compress', content);
  }

  /** The content of DER CompressedData; throws when it is something else. */
  decompress(der: Uint8Array): Promise<Buffer> {
    return this.python('decompress', der);
  }

  private python(mode: 'compress' | 'decompress', content: Uint8Array): Promise<Buffer> {
    return this.scratch(async ({ input, output }) => {
      const target = output(`${mode}-out`);
      await run('/usr/bin/python3', ['-c', COMPRESSION, mode, await input(content, `${mode}-in`), target]);
      return readFile(target);
    });
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
