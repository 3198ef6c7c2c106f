import { z } from 'zod';

/** Roles, weakest first: a viewer reads; an operator also works messages, exceptions and replays; an admin does everything. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` may do what `needed` may (roles are nested: an admin may do what an operator may). */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** A new user as an admin enters it (API, CLI and console). */
export const UserInput = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'must be an email address' }))
    .pipe(z.string().max(254)),
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
});
export type UserInput = z.input<typeof UserInput>;

/** Passwords: long enough to resist guessing, short enough that hashing them costs nothing unusual. */
export const Password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

/** A user as every surface shows it: never a hash or a secret. */
export interface UserView {
  id: string;
  email: string;
  role: Role;
  /** The user has set a password (followed a sign-in link). */
  active: boolean;
  totp: boolean;
  disabled: boolean;
  createdAt: string;
}
