/**
 * HTTP for the AS2 reference peer: curl, as administrators test AS2 endpoints by hand (`curl --data-binary
 * @file -H … -D headers`), so the requests the gateway receives are not shaped by Node's HTTP client.
 */
import { readFile } from 'node:fs/promises';
import { type OpenSsl, run } from './openssl.ts';

/** An HTTP response as curl saw it: the status, headers (names lower-cased; the last value of each) and body. */
export interface CurlResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * POSTs `body` with `headers` (curl adds Host, Content-Length and its User-Agent unless given). `Expect:` is sent
 * empty: curl would otherwise wait for a `100 Continue` before bodies over 1 MB. Throws a ToolError when curl
 * cannot connect or times out (exit codes 7, 28 …): an HTTP error status is a response, not an error.
 */
export async function curlPost(
  workspace: OpenSsl,
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  timeoutSeconds = 60,
): Promise<CurlResponse> {
  const bodyPath = await workspace.file(body, 'request-body');
  const headerPath = await workspace.file('', 'response-headers');
  const responsePath = await workspace.file('', 'response-body');
  try {
    const args = [
      '--silent',
      '--show-error',
      '--max-time',
      String(timeoutSeconds),
      '--data-binary',
      `@${bodyPath}`,
    ];
    for (const [name, value] of Object.entries({ Expect: '', ...headers }))
      args.push('-H', `${name}: ${value}`);
    args.push('-D', headerPath, '-o', responsePath, '-w', '%{http_code}', url);
    const status = Number((await run('curl', args)).toString().trim());
    return {
      status,
      headers: lastHeaderBlock(await readFile(headerPath, 'latin1')),
      body: await readFile(responsePath),
    };
  } finally {
    await workspace.remove(bodyPath, headerPath, responsePath);
  }
}

/** The headers of the final response in curl's `-D` file (after any `100 Continue` block). */
function lastHeaderBlock(text: string): Record<string, string> {
  const blocks = text.split(/\r?\n\r?\n/).filter((block) => block.trim() !== '');
  const headers: Record<string, string> = {};
  const lines = (blocks.at(-1) ?? '').replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
