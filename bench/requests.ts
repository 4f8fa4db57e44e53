// The bench's request bodies: a change of address on a monitored curfew, so the lifecycle has its
// checks, both decisions, three notices and the EMS provider's confirmation and visit. Dated from
// today, so they pass R1-R12 whenever the bench runs.
import type { AddressChecks, VariationRequest } from '../libs/domain/src/types';

const daysFromToday = (days: number) => {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** The n-th person gets a CRN of their own, so no two variations share a person. */
export function addressChange(n: number): VariationRequest {
  return {
    person: {
      crn: `B${String(n % 1_000_000).padStart(6, '0')}`,
      firstName: 'Sam',
      lastName: 'Jones',
      dateOfBirth: '1990-04-01',
    },
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
      periods: [{ day: 'MONDAY', start: '19:00', end: '07:00' }],
    },
    change: {
      circumstances: 'Moving in with a relative',
      effectiveFrom: daysFromToday(7),
      address: { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' },
    },
    consent: { given: true, method: 'IN_PERSON', recordedAt: `${daysFromToday(-1)}T10:00:00Z` },
  };
}

export const addressChecks = (): AddressChecks => ({
  safeguarding: { outcome: 'NO_CONCERNS', localAuthority: 'Leeds', completedAt: daysFromToday(-1) },
  domesticAbuse: { outcome: 'NO_CONCERNS', policeForce: 'West Yorkshire', completedAt: daysFromToday(-1) },
  householder: {
    name: 'Pat Jones',
    consented: true,
    attitudeOfOthers: 'Supportive',
    recordedAt: daysFromToday(-1),
  },
});
