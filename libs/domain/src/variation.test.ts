import { checksRecordable, readyToTellPop, type SentNotice } from './variation';

const notice = (recipient: SentNotice['recipient']): SentNotice => ({
  recipient,
  kind: 'VARIATION',
  sentAt: '2026-11-23T10:00:00Z',
  reference: 'VN-1',
});

describe('readyToTellPop (R14, R15)', () => {
  const waiting = { status: 'AWAITING_POP_INFORMED' as const, route: 'ADMINISTRATIVE' as const };

  it('waits, on the administrative route, for the court and the police to have the notice', () => {
    expect(readyToTellPop({ ...waiting, notices: [notice('POLICE')] })).toBe(false);
    expect(readyToTellPop({ ...waiting, notices: [notice('POLICE'), notice('COURT')] })).toBe(true);
  });

  it('needs no court or police notice on the court route, whose order the court made', () => {
    expect(readyToTellPop({ ...waiting, route: 'COURT', notices: [] })).toBe(true);
  });

  it('is never so in another status', () => {
    expect(
      readyToTellPop({
        ...waiting,
        status: 'AWAITING_EMS_VISIT',
        notices: [notice('POLICE'), notice('COURT')],
      }),
    ).toBe(false);
  });
});

describe('checksRecordable (R9)', () => {
  const address = { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' };
  const change = { circumstances: 'New job', effectiveFrom: '2026-12-01', address };

  it('takes checks for a new address until triage has begun, a late police check included', () => {
    for (const status of ['AWAITING_CHECKS', 'RETURNED', 'AWAITING_TRIAGE'] as const)
      expect(checksRecordable({ status, change })).toBe(true);
    expect(checksRecordable({ status: 'AWAITING_APPROVAL', change })).toBe(false);
  });

  it('takes none for a change of times only', () => {
    expect(checksRecordable({ status: 'AWAITING_TRIAGE', change: { ...change, address: undefined } })).toBe(
      false,
    );
  });
});
