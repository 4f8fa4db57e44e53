// What nDelius says about a person (api.md, "nDelius"): the curfew-variations-and-delius read API.
import type { Curfew, Order } from '../../domain/src/types';

/**
 * An order as nDelius has it: the shape the domain uses (its type may be any kind of order, which R1
 * refuses), with its event number and curfew requirement.
 */
export interface NDeliusOrder extends Omit<Order, 'eventNumber'> {
  eventNumber: number;
  /** Null for an order without a curfew requirement. */
  curfew: Curfew | null;
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
