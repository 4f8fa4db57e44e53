// What nDelius says about a person (api.md, "nDelius"): the curfew-variations-and-delius read API.
import type { Address, Court, CurfewPeriod } from '../../domain/src/types';

export interface NDeliusCurfew {
  startDate: string;
  endDate: string;
  electronicallyMonitored: boolean;
  address: Address;
  periods: CurfewPeriod[];
}

export interface NDeliusOrder {
  eventNumber: number;
  /** COMMUNITY_ORDER, SUSPENDED_SENTENCE_ORDER, or another kind of order, which R1 refuses. */
  type: string;
  convictionDate: string;
  sentenceDate: string;
  sentencingCourt: Court;
  residenceRequirement: boolean;
  stipulatedBoundary: boolean;
  /** Null for an order without a curfew requirement. */
  curfew: NDeliusCurfew | null;
}

export interface NDeliusCase {
  crn: string;
  name: { forename: string; surname: string };
  dateOfBirth: string;
  orders: NDeliusOrder[];
}

/** nDelius's exclusions and restrictions for one user and one person ("Who may see a case"). */
export interface CaseAccess {
  crn: string;
  userExcluded: boolean;
  userRestricted: boolean;
  exclusionMessage: string | null;
  restrictionMessage: string | null;
}

/** The contact recorded when the person has been told (step 7). */
export interface ContactRecord {
  crn: string;
  variationId: string;
  informedAt: string;
  method: string;
  by: string;
}
