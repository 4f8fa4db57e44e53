// Valid request bodies, dated relative to today so they stay valid whenever they are sent: used by
// the tests (test/support/requests.ts), the bench, and the api's OpenAPI document as its examples.
import type { VariationRequest } from '../../domain/src/types';

export function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

let lastTestCrn = Math.floor(Math.random() * 1_000_000);

/**
 * A CRN of the test pattern (T and six digits), a new one each call: the nDelius stand-in makes up
 * its person, the sample request's (apps/ndelius-stand-in/src/people.ts), and each is an order of its
 * own, so samples never wait on one another (R18: one variation at a time per order).
 */
export function testCrn(): string {
  lastTestCrn = (lastTestCrn + 1) % 1_000_000;
  return `T${String(lastTestCrn).padStart(6, '0')}`;
}

/**
 * A times-only change: Monday 19:00-07:00 moves to 23:00-11:00 (same 12 hours, R7), for a new person
 * each call (testCrn), as nDelius has them.
 */
export function timesChange(): VariationRequest {
  return {
    person: { crn: testCrn(), firstName: 'Sam', lastName: 'Jones', dateOfBirth: '1990-04-01' },
    practitioner: { name: 'Alex Smith', email: 'alex.smith@probation.example', pduCode: 'N07CEN' },
    order: {
      type: 'COMMUNITY_ORDER',
      convictionDate: daysFromToday(-90),
      sentenceDate: daysFromToday(-60),
      sentencingCourt: { code: 'B01LY', name: "Example Magistrates' Court" },
      residenceRequirement: false,
      stipulatedBoundary: false,
    },
    curfew: {
      startDate: daysFromToday(-60),
      endDate: daysFromToday(300),
      electronicallyMonitored: true,
      address: { line1: '1 High Street', town: 'Leeds', postcode: 'LS1 1AA' },
      periods: [
        { day: 'MONDAY', start: '19:00', end: '07:00' },
        { day: 'TUESDAY', start: '19:00', end: '07:00' },
      ],
    },
    change: {
      circumstances: 'Started evening shifts at a warehouse',
      effectiveFrom: daysFromToday(7),
      periods: [
        { day: 'MONDAY', start: '23:00', end: '11:00' },
        { day: 'TUESDAY', start: '19:00', end: '07:00' },
      ],
    },
    consent: { given: true, method: 'IN_PERSON', recordedAt: `${daysFromToday(-1)}T10:00:00Z` },
  };
}

/** A change of address, its checks still to come (R9). */
export function addressChange(): VariationRequest {
  const request = timesChange();
  delete request.change.periods;
  request.change.circumstances = 'Moving in with a relative';
  request.change.address = { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' };
  return request;
}

export const completeAddressChecks = () => ({
  safeguarding: { outcome: 'NO_CONCERNS', localAuthority: 'Leeds', completedAt: daysFromToday(-1) },
  domesticAbuse: { outcome: 'NO_CONCERNS', policeForce: 'West Yorkshire', completedAt: daysFromToday(-1) },
  householder: {
    name: 'Pat Jones',
    consented: true,
    attitudeOfOthers: 'Supportive',
    recordedAt: daysFromToday(-1),
  },
});
