import { describe, expect, it } from 'vitest';
import { GatewayError, partnerRejectable, permanent, retryable, toGatewayErrorShape } from './errors.ts';

describe('error taxonomy', () => {
  it('keeps kind and code across a process boundary (JSON)', () => {
    const error = partnerRejectable('x12.transaction.4', 'SE01 count is wrong', {
      details: { st02: '0001' },
    });
    const crossed = JSON.parse(JSON.stringify(error));
    expect(toGatewayErrorShape(crossed)).toEqual({
      kind: 'partner_rejectable',
      code: 'x12.transaction.4',
      message: 'SE01 count is wrong',
      details: { st02: '0001' },
    });
  });

  it('classifies each kind, and unknown failures as retryable internal errors', () => {
    expect(toGatewayErrorShape(retryable('database.unavailable', 'x')).kind).toBe('retryable');
    expect(toGatewayErrorShape(permanent('mapping.invalid', 'x')).kind).toBe('permanent');
    expect(toGatewayErrorShape(new TypeError('boom'))).toEqual({
      kind: 'retryable',
      code: 'internal',
      message: 'boom',
    });
    expect(toGatewayErrorShape('text')).toMatchObject({ code: 'internal', message: 'text' });
    expect(toGatewayErrorShape({ kind: 'nonsense', code: 'x' }).kind).toBe('retryable');
    expect(new GatewayError('permanent', 'internal', 'm', { cause: new Error('root') }).cause).toBeInstanceOf(
      Error,
    );
  });
});
