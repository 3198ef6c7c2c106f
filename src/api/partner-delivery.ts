import { deliveryTransport } from '../../connectors/index.ts';
import type { PartnerSettings } from '../core/partner.ts';
import { zodDetails } from './errors.ts';

/** Setting keys that hold credentials: never shown back once saved. */
const SECRET = /secret|password|pass$|privatekey|passphrase|token|auth/i;

/** Problems with a partner's delivery setting: an unknown transport, or a config its schema refuses. */
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
  return zodDetails(parsed.error).map((d) => ({ ...d, path: `settings.delivery.config.${d.path}` }));
}

/** The settings as an admin may see them again: delivery credentials replaced by "[redacted]". */
export function redactSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const delivery = settings.delivery as { transport?: string; config?: Record<string, unknown> } | undefined;
  if (!delivery?.config) return settings;
  const config = Object.fromEntries(
    Object.entries(delivery.config).map(([key, value]) => [key, SECRET.test(key) ? '[redacted]' : value]),
  );
  return { ...settings, delivery: { ...delivery, config } };
}
