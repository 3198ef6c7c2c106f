import { describe, expect, it } from 'vitest';
import { AS2_SIGN_ALGS, micAlgName, parseMicAlg } from './algorithms.ts';

describe('MIC algorithm names', () => {
  it('writes the RFC 5751 spelling', () => {
    expect(AS2_SIGN_ALGS.map(micAlgName)).toEqual(['sha-512', 'sha-384', 'sha-256', 'sha-1']);
  });

  it('reads both spellings, any case, and its own output back', () => {
    expect(parseMicAlg('sha-256')).toBe('sha256');
    expect(parseMicAlg(' SHA256 ')).toBe('sha256');
    expect(parseMicAlg('sha1')).toBe('sha1');
    expect(parseMicAlg('SHA-1')).toBe('sha1');
    for (const alg of AS2_SIGN_ALGS) expect(parseMicAlg(micAlgName(alg))).toBe(alg);
  });

  it('refuses md5 and anything unknown', () => {
    expect(parseMicAlg('md5')).toBeUndefined();
    expect(parseMicAlg('sha-224')).toBeUndefined();
    expect(parseMicAlg('')).toBeUndefined();
  });
});
