import { z } from 'zod';

/** A partner's person in the portal: belongs to one partner and sees only that partner's data. */
export interface PartnerUser {
  id: string;
  partnerId: string;
  /** Lower-cased. */
  email: string;
  name?: string;
}

/** A new partner user as an admin enters it (API and console). */
export const PartnerUserInput = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'must be an email address' }))
    .pipe(z.string().max(254)),
  name: z.string().trim().max(200).optional(),
});
export type PartnerUserInput = z.input<typeof PartnerUserInput>;

/** A partner user as every surface shows it (never a hash or a secret). */
export interface PartnerUserView extends PartnerUser {
  disabled: boolean;
  createdAt: string;
}
