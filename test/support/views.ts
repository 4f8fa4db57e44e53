// A variation as the workflow sees it once approved: for the tests of what it sends.
import type { VariationView } from '../../libs/domain/src/variation';

export function approvedView(): VariationView {
  return {
    id: '6f1c1234-5678-4000-8000-000000000000',
    status: 'AWAITING_EMS_CONFIRMATION',
    route: 'ADMINISTRATIVE',
    person: { crn: 'X123456', firstName: 'Sam', lastName: 'Jones', dateOfBirth: '1990-04-01' },
    practitioner: { name: 'Alex Smith', email: 'alex.smith@probation.example', pduCode: 'N07CEN' },
    order: {
      eventNumber: 2,
      type: 'COMMUNITY_ORDER',
      convictionDate: '2024-01-10',
      sentenceDate: '2024-02-01',
      sentencingCourt: { code: 'B01LY', name: "Example Magistrates' Court" },
      residenceRequirement: false,
      stipulatedBoundary: false,
    },
    curfew: {
      startDate: '2024-02-01',
      endDate: '2025-01-31',
      electronicallyMonitored: true,
      address: { line1: '1 High Street', town: 'Leeds', postcode: 'LS1 1AA' },
      periods: [
        { day: 'MONDAY', start: '19:00', end: '07:00' },
        { day: 'TUESDAY', start: '19:00', end: '07:00' },
      ],
    },
    change: {
      circumstances: 'Started evening shifts at a warehouse',
      effectiveFrom: '2024-06-01',
      periods: [
        { day: 'MONDAY', start: '23:00', end: '11:00' },
        { day: 'TUESDAY', start: '19:00', end: '07:00' },
      ],
      address: { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' },
    },
    consent: { given: true, method: 'IN_PERSON', recordedAt: '2024-05-20T10:00:00Z' },
    decisions: [
      { step: 'TRIAGE', decision: 'ACCEPT', by: 'sam.spo', reason: null, at: '2024-05-21T09:00:00Z' },
      // 23:30 UTC in summer is already the next day in the UK.
      { step: 'APPROVAL', decision: 'APPROVE', by: 'pat.head', reason: null, at: '2024-05-21T23:30:00Z' },
    ],
    notices: [],
    ems: null,
    court: null,
    refusal: null,
    dueBy: null,
    timeline: [],
  };
}
