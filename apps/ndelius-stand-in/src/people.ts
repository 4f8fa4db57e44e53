import { readFileSync } from 'node:fs';
import { daysFromToday, timesChange } from '../../../libs/contracts/src/sample-requests';
import type { CaseAccess, NDeliusCase } from '../../../libs/ndelius/src/ndelius-case';

/** What nDelius holds about one person: the case, and the users excluded or restricted from it. */
export interface StandInPerson {
  case: NDeliusCase;
  /** By username: nDelius's message for a user kept out of the case. */
  exclusions?: Record<string, string>;
  restrictions?: Record<string, string>;
}

/**
 * CRNs of the test pattern (T and six digits): a person is made up for each, so the suites can
 * submit for as many people as they need (the fault suite keeps over a hundred variations open, one
 * per order, R18). The made-up person is the sample request's (libs/contracts), so a sample body
 * agrees with nDelius.
 */
export const TEST_CRN = /^T\d{6}$/;

/** The fictional people: from a file, with whatever tests seed over the admin API. In memory. */
export class People {
  private readonly people = new Map<string, StandInPerson>();

  constructor(path: string) {
    const file = JSON.parse(readFileSync(path, 'utf8')) as StandInPerson[];
    for (const person of file) this.seed(resolveDates(person) as StandInPerson);
  }

  seed(person: StandInPerson): void {
    this.people.set(person.case.crn, person);
  }

  find(crn: string): StandInPerson | undefined {
    return this.people.get(crn) ?? (TEST_CRN.test(crn) ? madeUp(crn) : undefined);
  }

  accessOf(username: string, crn: string): CaseAccess {
    const person = this.find(crn);
    const exclusionMessage = person?.exclusions?.[username] ?? null;
    const restrictionMessage = person?.restrictions?.[username] ?? null;
    return {
      crn,
      userExcluded: exclusionMessage !== null,
      userRestricted: restrictionMessage !== null,
      exclusionMessage,
      restrictionMessage,
    };
  }
}

function madeUp(crn: string): StandInPerson {
  const { person, order, curfew } = timesChange();
  return {
    case: {
      crn,
      name: { forename: person.firstName, surname: person.lastName },
      dateOfBirth: person.dateOfBirth,
      orders: [{ eventNumber: 1, ...order, curfew }],
    },
  };
}

/**
 * Dates in the people file may be written relative to the day they are read ("today-60",
 * "today+300"), so the fictional orders stay in force however long the file lives.
 */
function resolveDates(value: unknown): unknown {
  if (typeof value === 'string') {
    const match = /^today([+-]\d+)?$/.exec(value);
    return match ? daysFromToday(Number(match[1] ?? 0)) : value;
  }
  if (Array.isArray(value)) return value.map(resolveDates);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveDates(item)]));
  return value;
}
