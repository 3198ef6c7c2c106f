/**
 * The little MIME the AS2 reference peer needs (RFC 2045/2046): headers of an entity, a header's parameters,
 * the exact bytes of each part of a multipart body. Written for the peer, sharing nothing with the gateway.
 */

/** An entity split at its first empty line: headers (names lower-cased, folded lines joined) and body bytes. */
export interface Entity {
  headers: Map<string, string>;
  body: Buffer;
}

/** Splits `bytes` into headers and body; a header block ends at CRLF CRLF (or LF LF from a careless writer). */
export function parseEntity(bytes: Buffer): Entity {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const [end, gap] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [bytes.length, 0];
  const headers = new Map<string, string>();
  const text = bytes
    .subarray(0, end)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: bytes.subarray(Math.min(end + gap, bytes.length)) };
}

/** `type/sub; a=b; c="d"` → the lower-cased value and its parameters (names lower-cased, quotes removed). */
export function headerValue(header: string | undefined): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const [first = '', ...rest] = (header ?? '').match(/(?:[^;"]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const raw = part.slice(eq + 1).trim();
    params[part.slice(0, eq).trim().toLowerCase()] = raw.startsWith('"')
      ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
      : raw;
  }
  return { value: first.trim().toLowerCase(), params };
}

/**
 * The parts of a multipart body, each exactly as sent: from after the boundary line's CRLF to before the CRLF
 * that precedes the next boundary line (RFC 2046 §5.1.1: that CRLF belongs to the delimiter). These are the bytes
 * a multipart/signed signature covers.
 */
export function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error(`no boundary ${boundary} in the multipart body`);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    const lineEnd = body.indexOf('\n', afterDelimiter);
    if (lineEnd < 0) throw new Error('a multipart body ends inside a boundary line');
    const start = lineEnd + 1;
    const next = body.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), start);
    if (next < 0) throw new Error(`the multipart body has no closing boundary --${boundary}--`);
    const end = body[next - 1] === 0x0d ? next - 1 : next;
    parts.push(body.subarray(start, end));
    at = next + 1;
  }
}

/** An entity's body with its Content-Transfer-Encoding undone (base64; 7bit, 8bit and binary as they are). */
export function decodedBody(entity: Entity): Buffer {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  return encoding === 'base64' ? Buffer.from(entity.body.toString('latin1'), 'base64') : entity.body;
}

/** An entity's bytes: `Name: value` lines, an empty line, the body (CRLF line ends, as the signature covers them). */
export function entityBytes(headers: ReadonlyArray<readonly [string, string]>, body: Uint8Array): Buffer {
  const head = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

/** base64 in lines of 76 characters, as MIME writes it (RFC 2045 §6.8). */
export function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\r\n') ?? ''
  );
}

/** A multipart body of `parts` (each a whole entity) between `--boundary` lines, closed by `--boundary--`. */
export function multipartBody(boundary: string, parts: readonly Uint8Array[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts)
    chunks.push(Buffer.from(`--${boundary}\r\n`), Buffer.from(part), Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
