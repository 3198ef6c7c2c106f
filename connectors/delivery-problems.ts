import type { PartnerSettings } from '../src/core/partner.ts';
import { deliveryTransport } from './index.ts';

/**
 * Problems with a partner's delivery setting: an unknown transport, or a config its schema refuses. Here, beside
 * the transport registry, because both the HTTP API and the partner.yaml sync check settings before saving them.
 * Give it the credentials in clear: a sealed value is not what the transport's schema expects.
 */
export function deliveryProblems(settings: PartnerSettings): { path: string; message: string }[] {
  const delivery = settings.delivery;
  if (delivery === undefined) return [];
  const transport = deliveryTransport(delivery.transport);
  if (transport === undefined)
    return [
      { path: 'settings.delivery.transport', message: `no delivery transport "${delivery.transport}"` },
    ];
  const parsed = transport.configSchema.safeParse(delivery.config);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    path: ['settings.delivery.config', ...issue.path].join('.'),
    message: issue.message,
  }));
}
