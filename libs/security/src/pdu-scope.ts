import { ForbiddenException } from '@nestjs/common';
import { ROLES } from '../../domain/src/variation';
import type { StaffUser } from './staff-user';

/** The EM Lead and administrators look across PDUs; everyone else works within the PDUs of their token. */
const ACROSS_PDUS: string[] = [ROLES.emLead, ROLES.admin];

/** The PDUs a user may see, or undefined for all of them. */
export function pduScope(user: StaffUser): string[] | undefined {
  return user.roles.some((role) => ACROSS_PDUS.includes(role)) ? undefined : user.pduCodes;
}

/** api.md: a variation of another PDU is a 403. */
export function assertInPdu(user: StaffUser, pduCode: string): void {
  const scope = pduScope(user);
  if (scope && !scope.includes(pduCode)) {
    throw new ForbiddenException({
      error: 'FORBIDDEN',
      message: `This variation belongs to PDU ${pduCode}; you work in ${scope.join(', ') || 'no PDU'}`,
    });
  }
}
