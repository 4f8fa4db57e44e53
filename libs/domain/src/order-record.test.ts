// R18: the curfew as it stands, and what a typed body is held against.
import { timesChange } from '../../contracts/src/sample-requests';
import { curfewAsItStands, type OrderVersion, recordMismatches, variedCurfew } from './order-record';
import type { Curfew } from './types';

const request = timesChange();
const inNDelius: Curfew = request.curfew;
const varied = variedCurfew(inNDelius, request.change);
const version: OrderVersion = {
  variationId: 'v1',
  completedAt: '2026-12-01T10:00:00.000Z',
  effectiveFrom: request.change.effectiveFrom,
  before: inNDelius,
  after: varied,
};

describe('the curfew as it stands', () => {
  it("is nDelius's requirement while the order has no completed variation", () => {
    expect(curfewAsItStands(inNDelius, undefined)).toEqual({ curfew: inNDelius });
  });

  it('is what the last variation left, whether nDelius shows the curfew before it or after it', () => {
    expect(curfewAsItStands(inNDelius, version).curfew?.periods).toEqual(varied.periods);
    expect(curfewAsItStands(varied, version).curfew?.periods).toEqual(varied.periods);
  });

  it("keeps nDelius's dates and monitoring: no variation changes them", () => {
    const extended = { ...inNDelius, endDate: '2099-01-01', electronicallyMonitored: false };
    expect(curfewAsItStands(extended, version).curfew).toMatchObject({
      endDate: '2099-01-01',
      electronicallyMonitored: false,
      periods: varied.periods,
    });
  });

  it('is a conflict when nDelius shows neither: changed elsewhere, and neither side wins', () => {
    const amended = { ...inNDelius, periods: [{ day: 'FRIDAY' as const, start: '20:00', end: '06:00' }] };
    expect(curfewAsItStands(amended, version)).toEqual({
      conflict: { inNDelius: amended, lastVersion: version },
    });
    const moved = { ...inNDelius, address: { line1: '9 Elm Street', town: 'Leeds', postcode: 'LS9 9ZZ' } };
    expect(curfewAsItStands(moved, version).conflict).toBeDefined();
  });
});

describe('a typed body held against the record', () => {
  const recorded = { person: request.person, order: { ...request.order, eventNumber: 1 }, curfew: inNDelius };

  it('agrees when it says what the record says, names written any way and periods in any order', () => {
    const typed = structuredClone(request);
    typed.person.firstName = '  SAM ';
    typed.curfew.periods.reverse();
    typed.curfew.address.postcode = 'ls11aa';
    expect(recordMismatches(typed, recorded)).toEqual([]);
  });

  it('names each field that differs, with what the record says: the typed-hours trick among them', () => {
    const typed = structuredClone(request);
    typed.curfew.periods = [{ day: 'MONDAY', start: '19:00', end: '09:00' }];
    typed.order.type = 'SUSPENDED_SENTENCE_ORDER';
    typed.order.eventNumber = 2;
    expect(recordMismatches(typed, recorded)).toEqual([
      { field: 'order.eventNumber', recorded: 1 },
      { field: 'order.type', recorded: 'COMMUNITY_ORDER' },
      { field: 'curfew.periods', recorded: inNDelius.periods },
    ]);
  });
});
