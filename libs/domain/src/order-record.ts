// R18: a variation varies one order from its curfew as it stands. What the record (nDelius and this
// service's completed variations) says about an order, and how what was typed is held against it.
import { sameSchedule } from './curfew';
import { sameAddress } from './rules';
import type { Change, Curfew, Order, Person } from './types';

/** The curfew a variation leaves: its change applied (R4: new periods replace the whole schedule). */
export function variedCurfew(curfew: Curfew, change: Change): Curfew {
  return { ...curfew, periods: change.periods ?? curfew.periods, address: change.address ?? curfew.address };
}

/** One completed variation of an order: the curfew before it and the curfew it left. */
export interface OrderVersion {
  variationId: string;
  completedAt: string;
  effectiveFrom: string;
  before: Curfew;
  after: Curfew;
}

export type CurfewAsItStands =
  | { curfew: Curfew; conflict?: undefined }
  | { curfew?: undefined; conflict: { inNDelius: Curfew; lastVersion: OrderVersion } };

/**
 * The order's curfew as it stands (R18): nDelius's requirement, or the curfew its last completed
 * variation left. nDelius showing that variation's before (not yet updated) or after (updated) agrees
 * with the record; anything else was changed elsewhere (a court amendment, say) and neither side may
 * silently win. The dates and monitoring are always nDelius's: no variation changes them.
 */
export function curfewAsItStands(inNDelius: Curfew, lastVersion: OrderVersion | undefined): CurfewAsItStands {
  if (!lastVersion) return { curfew: inNDelius };
  if (sameTerms(inNDelius, lastVersion.after) || sameTerms(inNDelius, lastVersion.before))
    return {
      curfew: { ...inNDelius, periods: lastVersion.after.periods, address: lastVersion.after.address },
    };
  return { conflict: { inNDelius, lastVersion } };
}

/** The terms a variation may change: the schedule and the address. */
function sameTerms(a: Curfew, b: Curfew): boolean {
  return sameSchedule(a.periods, b.periods) && sameAddress(a.address, b.address);
}

/** What the record says about the person, the order and its curfew. */
export interface RecordedOrder {
  person: Person;
  order: Order & { eventNumber: number };
  curfew: Curfew;
}

/** A field a submission states differently from the record, and what the record says. */
export interface FieldMismatch {
  field: string;
  recorded: unknown;
}

/**
 * Each field of a full submission body that disagrees with the record (api.md, RECORD_MISMATCH).
 * Names are compared as people write them (case and spacing aside); everything else exactly, the
 * schedule in any order and the address as sameAddress reads it.
 */
export function recordMismatches(
  typed: { person: Person; order: Order; curfew: Curfew },
  recorded: RecordedOrder,
): FieldMismatch[] {
  const { person, order, curfew } = recorded;
  return [
    ...differs('person.firstName', typed.person.firstName, person.firstName, sameName),
    ...differs('person.lastName', typed.person.lastName, person.lastName, sameName),
    ...differs('person.dateOfBirth', typed.person.dateOfBirth, person.dateOfBirth),
    ...differs('order.eventNumber', typed.order.eventNumber ?? order.eventNumber, order.eventNumber),
    ...differs('order.type', typed.order.type, order.type),
    ...differs('order.convictionDate', typed.order.convictionDate, order.convictionDate),
    ...differs('order.sentenceDate', typed.order.sentenceDate, order.sentenceDate),
    ...differs(
      'order.sentencingCourt',
      typed.order.sentencingCourt,
      order.sentencingCourt,
      (a, b) => a.code === b.code,
    ),
    ...differs('order.residenceRequirement', typed.order.residenceRequirement, order.residenceRequirement),
    ...differs('order.stipulatedBoundary', typed.order.stipulatedBoundary, order.stipulatedBoundary),
    ...differs('curfew.startDate', typed.curfew.startDate, curfew.startDate),
    ...differs('curfew.endDate', typed.curfew.endDate, curfew.endDate),
    ...differs(
      'curfew.electronicallyMonitored',
      typed.curfew.electronicallyMonitored,
      curfew.electronicallyMonitored,
    ),
    ...differs('curfew.address', typed.curfew.address, curfew.address, sameAddress),
    ...differs('curfew.periods', typed.curfew.periods, curfew.periods, sameSchedule),
  ];
}

function differs<T>(
  field: string,
  typed: T,
  recorded: T,
  agree: (a: T, b: T) => boolean = Object.is,
): FieldMismatch[] {
  return agree(typed, recorded) ? [] : [{ field, recorded }];
}

const sameName = (a: string, b: string) => normalName(a) === normalName(b);
const normalName = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
