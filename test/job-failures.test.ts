import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from '../src/pipeline/intake/receive.ts';
import {
  gatewayModes,
  type MessageBody,
  startTestGateway,
  type TestGateway,
  VALID_850_SENDER,
} from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';

/** What a job that fails for good means for its message, and who sees what of the failure (finding 2). */
describe.each(gatewayModes())('a failed job ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await t.createPartner({ id: 'failing', name: 'Failing', identifiers: [VALID_850_SENDER] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows its message failed, and shows a partner only the kind and code of the error', async () => {
    // a message no decoder takes (no cXML connector yet): its decode job fails permanently
    const { messageId } = await receiveMessage(t.gateway.database.db, {
      channel: 'cxml',
      bytes: new TextEncoder().encode('<cXML><Request><OrderRequest/></Request></cXML>'),
      partnerId: 'failing',
      actor: 'partner:failing',
    });
    t.gateway.dispatcher.notify();
    type View = MessageBody & { jobs: { status: string; lastError: Record<string, unknown> }[] };
    const asAdmin = await eventually(async () => {
      const view = (await t.message(messageId)) as View;
      return view.status !== 'received' && view.jobs.some((j) => j.status === 'failed') ? view : undefined;
    });
    expect(asAdmin.status).toBe('failed');
    expect(asAdmin.jobs[0]!.lastError).toMatchObject({
      kind: 'permanent',
      code: 'message.channel_not_supported',
      message: expect.stringContaining('no decoder'),
    });

    const asPartner = (await (
      await t.call(`/v1/messages/${messageId}`, { token: key })
    ).json()) as MessageBody & {
      jobs: { lastError: Record<string, unknown> }[];
    };
    expect(asPartner.status).toBe('failed');
    expect(asPartner.jobs[0]!.lastError).toEqual({
      kind: 'permanent',
      code: 'message.channel_not_supported',
      attempt: 1,
      at: expect.any(String),
    });
    const listed = (await (await t.call('/v1/messages?status=failed', { token: key })).json()) as {
      messages: { id: string }[];
    };
    expect(listed.messages.map((m) => m.id)).toContain(messageId);
  });
});
