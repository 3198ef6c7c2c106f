import { describe, expect, it } from 'vitest';
import {
  buildEntity,
  buildMultipartBody,
  canonicalLineBreaks,
  contentTypeOf,
  decodedBody,
  hasBareLf,
  header,
  multipartParts,
  parseEntity,
  parseHeaderValue,
} from './mime.ts';

const b = (text: string) => Buffer.from(text, 'latin1');

describe('MIME entities', () => {
  it('splits headers (folded, any case) from the body, which stays a view of the input', () => {
    const raw = b(
      'Content-Type: application/edi-x12;\r\n\tname="order.edi"\r\nContent-Transfer-Encoding: binary\r\n\r\nISA*00*\r\n',
    );
    const entity = parseEntity(raw);
    expect(header(entity, 'Content-Type')).toBe('application/edi-x12; name="order.edi"');
    expect(contentTypeOf(entity)).toEqual({ value: 'application/edi-x12', params: { name: 'order.edi' } });
    expect(entity.body.toString()).toBe('ISA*00*\r\n');
    expect(entity.body.buffer).toBe(raw.buffer);
  });

  it('reads bare-LF headers and an entity with no headers', () => {
    expect(parseEntity(b('Content-Type: text/plain\n\nhi')).body.toString()).toBe('hi');
    // X12 sent with no MIME headers: no empty line, and colons (the ISA component separator) after blanks
    for (const text of [
      'ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*U*00401*1*0*P*:~\r\nGS*PO~\r\n',
      'ISA*00*          *00*          *ZZ*A *ZZ*B *260101*1200*U*00401*1*0*P*:~\r\n\r\nGS*PO~\r\n',
      'UNB+UNOA:2+X:14+Y:14\nUNH+1+ORDERS:D:96A\n',
    ]) {
      const bare = parseEntity(b(text));
      expect(bare.headers).toEqual([]);
      expect(bare.body.toString()).toBe(text);
    }
  });

  it('parses parameters: quoted, unquoted, RFC 2231', () => {
    expect(
      parseHeaderValue(
        `multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="a\\"b"`,
      ),
    ).toEqual({
      value: 'multipart/signed',
      params: { protocol: 'application/pkcs7-signature', micalg: 'sha-256', boundary: 'a"b' },
    });
    expect(parseHeaderValue(`attachment; filename*=utf-8''%C3%BCber.edi`).params.filename).toBe('über.edi');
  });

  it('undoes base64 and quoted-printable', () => {
    expect(
      decodedBody(parseEntity(b('Content-Transfer-Encoding: base64\r\n\r\nSVNB\r\nKjAw\r\n'))).toString(),
    ).toBe('ISA*00');
    expect(
      decodedBody(
        parseEntity(b('Content-Transfer-Encoding: quoted-printable\r\n\r\na=3Db=\r\nc')),
      ).toString(),
    ).toBe('a=bc');
  });
});

describe('multipart bodies', () => {
  it('gives each part exactly, the line break before a delimiter belonging to the delimiter', () => {
    const body = b(
      'preamble\r\n--xyz\r\nA: 1\r\n\r\none\r\n\r\n--xyz  \r\nB: 2\r\n\r\ntwo\r\n--xyz--\r\nepilogue',
    );
    expect(multipartParts(body, 'xyz').map(String)).toEqual(['A: 1\r\n\r\none\r\n', 'B: 2\r\n\r\ntwo']);
  });

  it('does not take a longer boundary for the boundary, and reads bare LF', () => {
    const body = b('--xyz\nA: 1\n\n--xyzz is text\n--xyz\nB: 2\n\ntwo\n--xyz--\n');
    expect(multipartParts(body, 'xyz').map(String)).toEqual(['A: 1\n\n--xyzz is text', 'B: 2\n\ntwo']);
  });

  it('refuses an unclosed body', () => {
    expect(() => multipartParts(b('--xyz\r\nA: 1\r\n\r\none\r\n'), 'xyz')).toThrow(/not closed/);
  });

  it('round-trips what it builds', () => {
    const one = buildEntity([['Content-Type', 'text/plain']], b('hello\r\n'));
    const two = buildEntity([['Content-Type', 'application/octet-stream']], b('\r\n--not\r\n'));
    expect(multipartParts(buildMultipartBody('q1', [one, two]), 'q1')).toEqual([one, two]);
  });

  it('canonicalises line breaks', () => {
    expect(hasBareLf(b('a\r\nb\r\n'))).toBe(false);
    expect(hasBareLf(b('a\r\nb\n'))).toBe(true);
    expect(canonicalLineBreaks(b('a\nb\r\nc\n')).toString()).toBe('a\r\nb\r\nc\r\n');
  });
});
