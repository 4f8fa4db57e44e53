import type { Actor } from '../../domain/src/variation';

/** The signed-in member of staff, from HMPPS Auth style claims (api.md, Authentication). */
export interface StaffUser extends Actor {
  email?: string;
  pduCodes: string[];
}
