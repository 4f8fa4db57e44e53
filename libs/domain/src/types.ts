// The shape of a curfew variation, as domain.md describes it. Pure data: the workflow sandbox imports this.

export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS)[number];

/** A curfew period: a day plus a start and end in UK wall-clock time (HH:mm). End before start: next morning. */
export interface CurfewPeriod {
  day: DayOfWeek;
  start: string;
  end: string;
}

export interface Address {
  line1: string;
  line2?: string;
  town: string;
  postcode: string;
}

export interface Person {
  crn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

export interface Practitioner {
  name: string;
  email: string;
  pduCode: string;
}

/** R1: only these two are adult community sentences with the administrative power. */
export const ELIGIBLE_ORDER_TYPES = ['COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER'] as const;

export interface Court {
  code: string;
  name: string;
}

export interface Order {
  /** The order's event number in nDelius (R18: a variation varies one order, by CRN and this). */
  eventNumber?: number;
  /** Any order type may be submitted; R1 decides whether it is eligible. */
  type: string;
  convictionDate: string;
  sentenceDate: string;
  sentencingCourt: Court;
  residenceRequirement: boolean;
  stipulatedBoundary: boolean;
}

export interface Curfew {
  startDate: string;
  endDate: string;
  electronicallyMonitored: boolean;
  address: Address;
  periods: CurfewPeriod[];
}

/** R4: a change to the schedule, the address, or both. `periods` replaces the whole schedule. */
export interface Change {
  circumstances: string;
  effectiveFrom: string;
  periods?: CurfewPeriod[];
  address?: Address;
}

export const CONSENT_METHODS = ['IN_PERSON', 'PHONE', 'VIDEO'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface Consent {
  given: boolean;
  method: ConsentMethod;
  recordedAt: string;
}

export const CHECK_OUTCOMES = ['NO_CONCERNS', 'CONCERNS'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** R9: what must be known about a new address before it is specified. Each part may come later. */
export interface AddressChecks {
  safeguarding?: { outcome: CheckOutcome; localAuthority: string; completedAt: string; notes?: string };
  domesticAbuse?: { outcome: CheckOutcome; policeForce: string; completedAt: string; notes?: string };
  householder?: { name: string; consented: boolean; attitudeOfOthers: string; recordedAt: string };
}

/** R9: a new address waits for its safeguarding, domestic abuse and householder checks, all three. */
export function addressChecksNeeded(change: Change, checks: AddressChecks | undefined): boolean {
  return !!change.address && !(checks?.safeguarding && checks.domesticAbuse && checks.householder);
}

/** What a practitioner submits: the body of POST /variations (api.md). */
export interface VariationRequest {
  person: Person;
  practitioner: Practitioner;
  order: Order;
  curfew: Curfew;
  change: Change;
  consent: Consent;
  addressChecks?: AddressChecks;
}

/**
 * A submission by the order (api.md, "The order and its curfew come from the record"): the order
 * named by CRN and nDelius event number, and only what changes; the rest is the record's (R18).
 */
export interface OrderSubmission {
  order: { crn: string; eventNumber?: number };
  practitioner: Practitioner;
  change: Change;
  consent: Consent;
  addressChecks?: AddressChecks;
}

/** Either body POST /variations takes: by the order, or in full (checked against the record). */
export type Submission = OrderSubmission | VariationRequest;

export const isFullBody = (submission: Submission): submission is VariationRequest => 'person' in submission;

export type RuleId = `R${number}`;

/** A broken rule: which, where, and what a practitioner should read. */
export interface RuleBreach {
  rule: RuleId;
  /** COURT_ROUTE_REQUIRED: outside the administrative power, but a court may vary it (domain.md, the court route). */
  outcome: 'NOT_ELIGIBLE' | 'COURT_ROUTE_REQUIRED';
  /** The request field at fault, as a dotted path (`change.periods[0]`), where there is one. */
  field?: string;
  message: string;
}

/** R7: which reading of "may not change the number of curfew hours" is in force. Policy, so configuration. */
export const HOURS_POLICIES = ['daily-total', 'period-length'] as const;
export type HoursPolicy = (typeof HOURS_POLICIES)[number];

export interface RuleContext {
  /** Today in the UK (YYYY-MM-DD). Passed in so rules stay pure and the workflow stays deterministic. */
  today: string;
  hoursPolicy: HoursPolicy;
  /** R18: the effective date of the order's last completed variation, when it has one. */
  lastEffectiveFrom?: string;
}
