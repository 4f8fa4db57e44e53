import { readyToTellPop, type SentNotice } from './variation';

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
