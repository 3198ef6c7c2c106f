import type { DeliveryContext } from '../src/core/connector.ts';
import type { PartnerSettings } from '../src/core/partner.ts';
import { outboundConnector } from './index.ts';

/**
 * Problems with a partner's delivery setting: an unknown transport, a config its schema refuses, or one its
 * `check` finds outside the process's limits (a private address literal, a folder outside the outbox; not
 * checked without a context, which only a caller that never saves for a running gateway may give). Here,
 * beside the transport registry, because both the HTTP API and the partner.yaml sync check settings before
 * saving them. Give it the credentials in clear: a sealed value is not what the transport's schema expects.
 */
export function deliveryProblems(
  settings: PartnerSettings,
  context: DeliveryContext | undefined,
): { path: string; message: string }[] {
  const delivery = settings.delivery;
  if (delivery === undefined) return [];
  const transport = outboundConnector(delivery.transport);
  if (transport === undefined)
    return [
      { path: 'settings.delivery.transport', message: `no delivery transport "${delivery.transport}"` },
    ];
  const parsed = transport.configSchema.safeParse(delivery.config);
  if (parsed.success) {
    if (context === undefined) return [];
    // checked by this transport's own schema just above; `transport` is a union, so TypeScript cannot pair them
    return (transport.check?.(parsed.data as never, context) ?? []).map((problem) => ({
      path: `settings.delivery.config.${problem.path}`,
      message: problem.message,
    }));
  }
  return parsed.error.issues.map((issue) => ({
    path: ['settings.delivery.config', ...issue.path].join('.'),
    message: issue.message,
  }));
}
