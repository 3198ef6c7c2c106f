import { tmpdir } from 'node:os';
import type { DeliveryContext, DeliveryPayload } from '../../src/core/connector.ts';
import { type GatewayErrorShape, toGatewayErrorShape } from '../../src/core/errors.ts';

/** The document every transport test sends: an 855 to harbor-pine, with the test's own bytes. */
export const samplePayload = (bytes: Uint8Array, over: Partial<DeliveryPayload> = {}): DeliveryPayload => ({
  bytes,
  contentType: 'application/edi-x12',
  filename: '855-000000001.edi',
  idempotencyKey: 'out-855-7f3a',
  documentType: '855',
  partnerId: 'harbor-pine',
  ...over,
});

/**
 * The send context of transport tests: their servers listen on loopback, which the default refuses, so private
 * addresses are allowed unless a test says otherwise. Folder tests set their own outbox.
 */
export const testContext = (over: Partial<DeliveryContext> = {}): DeliveryContext => ({
  allowPrivateAddresses: true,
  outboxDir: tmpdir(),
  ...over,
});

/** The error a send must fail with, as the pipeline reads it (kind and code); fails the test if it succeeds. */
export async function sendFailure(promise: Promise<unknown>): Promise<GatewayErrorShape> {
  const error = await promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  return toGatewayErrorShape(error);
}
