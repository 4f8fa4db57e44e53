// The bench's request bodies: a change of address on a monitored curfew, so the lifecycle has its
// checks, both decisions, three notices and the EMS provider's confirmation and visit.
import type { AddressChecks, VariationRequest } from '../libs/domain/src/types';
import {
  addressChange as sampleAddressChange,
  completeAddressChecks,
} from '../libs/contracts/src/sample-requests';

/**
 * The n-th person gets a CRN of their own, so no two variations share an order (R18): one of the test
 * pattern (T and six digits), for which the nDelius stand-in makes up the sample person.
 */
export function addressChange(n: number): VariationRequest {
  const request = sampleAddressChange();
  request.person.crn = `T${String(n % 1_000_000).padStart(6, '0')}`;
  return request;
}

export const addressChecks = (): AddressChecks => completeAddressChecks() as AddressChecks;
