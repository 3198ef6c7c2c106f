/**
 * The MIME AS2 needs (RFC 2045/2046, RFC 1847 multipart/signed), on bytes and without copying: an entity's
 * headers and body are views of the bytes as received, so a signed part's digest is over exactly those bytes.
 */

/** A MIME entity as received: header fields in order (names lower-cased, folding undone) and the raw body. */
export interface MimeEntity {
  headers: [name: string, value: string][];
  body: Buffer;
  /** The whole entity, headers and body, as received. */
  raw: Buffer;
}

/** A header field's value (the first of that name), or undefined. */
export function header(entity: Pick<MimeEntity, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return entity.headers.find(([field]) => field === wanted)?.[1];
}

/**
 * Splits an entity into header fields and body at the first empty line (CRLF CRLF; a bare LF LF is read too).
 * Content some peers encrypt or sign without MIME headers is all body (RFC 2045 §5.2 defaults then apply:
 * text/plain): an entity with no empty line, or whose lines before it are not all header fields (a field name is
 * printable US-ASCII without blanks, RFC 5322 §2.2; X12's ISA segment has a colon, but blanks before it).
 */
export function parseEntity(raw: Buffer): MimeEntity {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let headerEnd: number;
  let bodyStart: number;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) [headerEnd, bodyStart] = [crlf, crlf + 4];
  else if (lf >= 0) [headerEnd, bodyStart] = [lf, lf + 2];
  else return { headers: [], body: raw, raw };
  const headers: [string, string][] = [];
  for (const line of raw.toString('latin1', 0, headerEnd).split(/\r?\n(?![ \t])/)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    // RFC 5322 §2.2: a field name is printable US-ASCII other than the colon, no blanks
    if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon))) return { headers: [], body: raw, raw };
    headers.push([
      line.slice(0, colon).trim().toLowerCase(),
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]/g, ' ')
        .trim(),
    ]);
  }
  return { headers, body: raw.subarray(bodyStart), raw };
}

/** A Content-Type (or Content-Disposition) value: the type lower-cased and its parameters, names lower-cased. */
export interface HeaderValue {
  value: string;
  params: Record<string, string>;
}

/** Parses `type/subtype; name=value; name="quoted \" value"` and RFC 2231 `name*=charset''percent%20encoded`. */
export function parseHeaderValue(text: string | undefined): HeaderValue {
  const source = text ?? '';
  const semicolon = source.indexOf(';');
  const value = (semicolon < 0 ? source : source.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const parameter = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of source.matchAll(parameter)) {
    const name = match[1]!.toLowerCase();
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!.trim();
    if (name.endsWith('*')) {
      const [, charset, encoded] = /^([^']*)'[^']*'(.*)$/.exec(raw) ?? [];
      if (encoded === undefined) continue;
      const decoded = Buffer.from(
        encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
          String.fromCharCode(Number.parseInt(hex, 16)),
        ),
        'latin1',
      );
      params[name.slice(0, -1)] = decoded.toString(charset?.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
    } else params[name] = raw;
  }
  return { value, params };
}

/** The media type and parameters of an entity (text/plain when it names none, RFC 2045 §5.2). */
export function contentTypeOf(entity: Pick<MimeEntity, 'headers'>): HeaderValue {
  const parsed = parseHeaderValue(header(entity, 'content-type'));
  return parsed.value === '' ? { value: 'text/plain', params: parsed.params } : parsed;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(
    text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
}

/** The body with its Content-Transfer-Encoding undone (base64, quoted-printable; 7bit, 8bit, binary as they are). */
export function decodedBody(
  entity: MimeEntity,
  encoding = header(entity, 'content-transfer-encoding'),
): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(entity.body.toString('latin1'), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(entity.body);
    default:
      return entity.body;
  }
}

/**
 * The CMS bytes of an application/pkcs7-mime or -signature entity: binary as AS2 sends it (Sterling B2Bi even
 * without a Content-Transfer-Encoding), or base64 as mail-minded peers do, whatever the header says.
 */
export function cmsBody(entity: MimeEntity, encoding: string | undefined): Buffer {
  const body = decodedBody(entity, encoding);
  // DER starts with a SEQUENCE tag (0x30); base64 of DER starts with "MI"
  if (body[0] !== 0x30 && /^\s*MI/.test(body.subarray(0, 8).toString('latin1')))
    return Buffer.from(body.toString('latin1'), 'base64');
  return body;
}

/**
 * The body parts of a multipart body, each exactly the bytes between its delimiter line and the line break
 * before the next delimiter (RFC 2046 §5.1.1: that line break belongs to the delimiter). Preamble and epilogue
 * are dropped. Reads bare-LF line breaks too. Throws when the closing delimiter is missing.
 */
export function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  // the first delimiter may open the body without a line break before it
  let at = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : -1;
  if (at < 0) {
    const found = body.indexOf(Buffer.concat([Buffer.from('\n'), dashBoundary]));
    if (found < 0) throw new Error(`the multipart body has no boundary ${boundary}`);
    at = found + 1;
  }
  for (;;) {
    const afterBoundary = at + dashBoundary.length;
    if (body.subarray(afterBoundary, afterBoundary + 2).toString('latin1') === '--') return parts;
    const lineEnd = body.indexOf('\n', afterBoundary);
    if (lineEnd < 0) throw new Error('the multipart body ends inside a delimiter line');
    const start = lineEnd + 1;
    let next = start;
    let end: number;
    for (;;) {
      const found = body.indexOf(dashBoundary, next);
      if (found < 0) throw new Error(`the multipart body is not closed (--${boundary}--)`);
      // a delimiter starts a line and is the whole boundary: followed by "--", blanks or the line break
      const follower = body[found + dashBoundary.length];
      if (
        body[found - 1] === 0x0a &&
        (follower === undefined || [0x2d, 0x0d, 0x0a, 0x20, 0x09].includes(follower))
      ) {
        end = Math.max(start, found - 1);
        if (end > start && body[end - 1] === 0x0d) end--;
        at = found;
        break;
      }
      next = found + 1;
    }
    parts.push(body.subarray(start, end));
  }
}

/** Whether the bytes hold a line feed not preceded by a carriage return. */
export function hasBareLf(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1))
    if (at === 0 || bytes[at - 1] !== 0x0d) return true;
  return false;
}

/** The bytes with every bare LF made CRLF: MIME canonical form (RFC 5751 §3.1.1), as `openssl cms -sign` makes it. */
export function canonicalLineBreaks(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

/** A fresh boundary: random, and with characters that never occur in base64 or in X12 so it cannot collide. */
export function newBoundary(): string {
  return `----=_Part_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** Quotes a parameter value when it needs it (RFC 2045 §5.1 tspecials or blanks). */
export function parameterValue(value: string): string {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** Serialises an entity: header fields with CRLF, an empty line, the body. */
export function buildEntity(headers: readonly [string, string][], body: Uint8Array): Buffer {
  const head = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

/** A multipart body (no headers of its own) with each part placed between CRLF-delimited boundaries. */
export function buildMultipartBody(boundary: string, parts: readonly Uint8Array[]): Buffer {
  const chunks: Uint8Array[] = [];
  for (const part of parts)
    chunks.push(Buffer.from(`--${boundary}\r\n`, 'latin1'), part, Buffer.from('\r\n', 'latin1'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** Base64 in lines of 76 characters (RFC 2045 §6.8). */
export function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}
