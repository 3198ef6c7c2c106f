import { z } from 'zod';
import type { Channel } from '../../src/core/order.ts';

/**
 * A drop folder's configuration. Formats are the inbound formats a file may hold; only X12 decodes today,
 * and the channel follows from the format (transport and format stay separate, DESIGN §3).
 */
export const FileDropConfig = z.strictObject({
  /** The folder partners (or an SFTP server's upload area) drop files into. */
  dir: z.string().trim().min(1),
  format: z.literal('x12').default('x12'),
  /** Set when the folder belongs to one partner; otherwise the partner comes from the interchange. */
  partnerId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a partner id (lower-case letters, digits, dashes)')
    .optional(),
  /** How often the folder is listed. */
  pollMs: z.number().int().min(10).max(3_600_000).default(1000),
  /** Larger files are refused to error/ unread. */
  maxBytes: z
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  /** A file is taken only once unmodified this long: a sender writing in place is still writing. */
  settleMs: z.number().int().min(0).max(600_000).default(1000),
  /** A poller on another host whose heartbeat is older than this is presumed dead and its claims adopted. */
  staleMs: z.number().int().min(1000).max(3_600_000).default(30_000),
});
export type FileDropConfig = z.infer<typeof FileDropConfig>;
export type FileDropConfigInput = z.input<typeof FileDropConfig>;

const CHANNELS = { x12: 'x12' } as const satisfies Record<FileDropConfig['format'], Channel>;

export function channelOf(config: Pick<FileDropConfig, 'format'>): Channel {
  return CHANNELS[config.format];
}
