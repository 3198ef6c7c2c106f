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
      code: 'gateway.internal',
      message: 'boom',
    });
    expect(toGatewayErrorShape('text')).toMatchObject({ code: 'gateway.internal', message: 'text' });
    expect(toGatewayErrorShape({ kind: 'nonsense', code: 'mapping.invalid' }).kind).toBe('retryable');
    const cause = new Error('root');
    expect(new GatewayError('permanent', 'mapping.invalid', 'm', { cause }).cause).toBe(cause);
  });

  it('takes a shape with a code the registry does not know (an older process, a typo) as unclassified', () => {
    expect(toGatewayErrorShape({ kind: 'permanent', code: 'bad_mapping', message: 'no' })).toEqual({
      kind: 'retryable',
      code: 'gateway.internal',
      message: 'no',
    });
  });
});
