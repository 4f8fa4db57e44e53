// "Vary a curfew", one question per page. Each step reads its form into the answers and writes the
// answers back into its form; the order of STEPS is the order of the journey.
import { HttpException } from '@nestjs/common';
import { ukToday } from '../../../../../libs/domain/src/dates';
import { ELIGIBLE_ORDER_TYPES, type OrderSubmission } from '../../../../../libs/domain/src/types';
import type { NDeliusCase, NDeliusOrder } from '../../../../../libs/ndelius/src/ndelius-case';
import type { ReferenceData } from '../../../../../libs/notifications/src/reference-data';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { addressCheckFields, readAddressChecks } from '../forms/address-checks';
import {
  addressFields,
  dateFields,
  periodFields,
  readAddress,
  readChoice,
  readConsentGiven,
  readDate,
  readPeriods,
  readText,
  readYesNo,
  yesNo,
} from '../forms/fields';
import { type Form, type FormErrors, withoutRuleNumbers } from '../forms/form-errors';
import type { OrderAsItStands } from '../../orders/orders.service';
import type { ChangeKind, JourneyAnswers, OrderChoice } from './journey-answers';

/** What the journey asks of nDelius and the record, as the signed-in user (StaffCases.lookupFor). */
export interface OrderLookup {
  caseOf(crn: string): Promise<NDeliusCase>;
  orderAsItStands(crn: string, eventNumber: number): Promise<OrderAsItStands>;
  openVariationOf(orderDigest: string): Promise<string | undefined>;
}

export interface StepContext {
  referenceData: ReferenceData;
  answers: JourneyAnswers;
  lookup: OrderLookup;
}

export interface Step {
  slug: string;
  title: string;
  applies(answers: JourneyAnswers): boolean;
  answered(answers: JourneyAnswers): boolean;
  /** The answers this page gives; only kept when `errors` is empty. */
  read(
    form: Form,
    errors: FormErrors,
    context: StepContext,
  ): Partial<JourneyAnswers> | Promise<Partial<JourneyAnswers>>;
  fields(answers: JourneyAnswers): Form;
}

const always = () => true;
const changes = (kind: ChangeKind) => (answers: JourneyAnswers) => !!answers.change?.kinds.includes(kind);
const today = () => ukToday(new Date());

export const STEPS: Step[] = [
  {
    // The person, their orders and each order's curfew come from nDelius and the record (R18).
    slug: 'person',
    title: 'Who is the person on probation?',
    applies: always,
    answered: (a) => !!a.person,
    async read(form, errors, { lookup }) {
      const crn = (form.crn ?? '').trim().toUpperCase();
      if (!crn) errors.add('crn', 'Enter the case reference number (CRN)');
      else if (!/^[A-Z]\d{6}$/.test(crn))
        errors.add('crn', 'Enter the CRN as a letter and 6 numbers, like X123456');
      if (errors.any) return {};
      const found = await explained(errors, 'crn', () => lookup.caseOf(crn));
      if (!found) return {};
      const orders = found.orders.filter((order) => order.curfew).map(choiceOf);
      if (orders.length === 0) {
        errors.add(
          'crn',
          `nDelius shows no order with a curfew requirement for ${crn}, so there is nothing to vary`,
        );
        return {};
      }
      const person = {
        crn: found.crn,
        firstName: found.name.forename,
        lastName: found.name.surname,
        dateOfBirth: found.dateOfBirth,
      };
      // One order with a curfew is chosen for them; with several, the next page asks which.
      const chosen =
        orders.length === 1 ? await asItStands(crn, orders[0].eventNumber, lookup, errors, 'crn') : {};
      return { person, orders, order: undefined, curfew: undefined, ...chosen };
    },
    fields: ({ person }) => ({ crn: person?.crn ?? '' }),
  },
  {
    slug: 'order',
    title: 'Which order does the variation change?',
    applies: (a) => (a.orders?.length ?? 0) > 1,
    answered: (a) => !!a.order,
    async read(form, errors, { answers, lookup }) {
      const events = (answers.orders ?? []).map((order) => String(order.eventNumber));
      const event = readChoice(form, 'eventNumber', events, errors, 'Select the order the variation changes');
      if (errors.any || !answers.person) return {};
      return asItStands(answers.person.crn, Number(event), lookup, errors, 'eventNumber');
    },
    fields: ({ order }) => ({ eventNumber: order?.eventNumber ? String(order.eventNumber) : '' }),
  },
  {
    slug: 'change',
    title: 'What changes, and why?',
    applies: always,
    answered: (a) => !!a.change,
    read(form, errors) {
      const kinds = (form.kinds ?? '')
        .split(',')
        .filter((k): k is ChangeKind => k === 'times' || k === 'address');
      if (kinds.length === 0)
        errors.add('kinds', 'Select what changes: the curfew times, the curfew address, or both');
      const circumstances = readText(form, 'circumstances', 'how their circumstances have changed', errors, {
        long: true,
      });
      const effectiveFrom = readDate(form, 'effectiveFrom', 'the date the change takes effect', errors);
      if (effectiveFrom && effectiveFrom < today()) {
        errors.add('effectiveFrom-day', 'The date the change takes effect must be today or in the future');
      }
      return { change: { kinds, circumstances: circumstances!, effectiveFrom: effectiveFrom! } };
    },
    fields: ({ change }) =>
      change
        ? {
            kinds: change.kinds.join(','),
            circumstances: change.circumstances,
            ...dateFields('effectiveFrom', change.effectiveFrom),
          }
        : {},
  },
  {
    slug: 'new-times',
    title: 'What are the new curfew times?',
    applies: changes('times'),
    answered: (a) => !!a.newTimes,
    read: (form, errors) => ({ newTimes: readPeriods(form, 'new', errors) }),
    // The first time, start from the times as they are now.
    fields: (a) => periodFields('new', a.newTimes ?? a.curfew?.periods),
  },
  {
    slug: 'new-address',
    title: 'What is the new curfew address?',
    applies: changes('address'),
    answered: (a) => !!a.newAddress,
    read: (form, errors) => ({ newAddress: readAddress(form, 'new-address', errors) }),
    fields: (a) => addressFields('new-address', a.newAddress),
  },
  {
    slug: 'consent',
    title: 'Has the person on probation consented?',
    applies: always,
    answered: (a) => !!a.consent,
    read(form, errors) {
      const given = readYesNo(form, 'given', errors, 'Select whether they have consented to the change');
      if (given === false) {
        errors.add(
          'given',
          'The curfew cannot be varied without their consent. Ask them first, then come back to this page',
        );
      }
      const { method, recordedAt } = readConsentGiven(form, 'method', errors);
      return { consent: { given: given!, method: method!, recordedAt: recordedAt! } };
    },
    fields: ({ consent }) =>
      consent
        ? {
            given: yesNo(consent.given),
            method: consent.method,
            ...dateFields('consentDate', consent.recordedAt),
          }
        : {},
  },
  {
    slug: 'address-checks',
    title: 'Checks on the new address',
    applies: changes('address'),
    answered: (a) => !!a.addressChecks,
    read: (form, errors) => ({ addressChecks: readAddressChecks(form, errors, false) }),
    fields: (a) => addressCheckFields(a.addressChecks),
  },
];

export const stepOf = (slug: string) => STEPS.find((step) => step.slug === slug);

/** After a page: the next page not yet answered, or check your answers once every one is. */
export function nextPage(after: Step, answers: JourneyAnswers): string {
  const unanswered = STEPS.filter((s) => s.applies(answers) && !s.answered(answers));
  const next = unanswered.find((s) => STEPS.indexOf(s) > STEPS.indexOf(after)) ?? unanswered[0];
  return next ? `/vary/${next.slug}` : '/vary/check-answers';
}

export function previousPage(step: Step, answers: JourneyAnswers): string {
  const before = STEPS.slice(0, STEPS.indexOf(step)).filter((s) => s.applies(answers));
  return before.length ? `/vary/${before[before.length - 1].slug}` : '/cases';
}

export function allAnswered(answers: JourneyAnswers): answers is Required<JourneyAnswers> {
  return STEPS.every((step) => !step.applies(answers) || step.answered(answers));
}

/**
 * The body of POST /variations from the answers, by the order (api.md): the person, the order and its
 * curfew are the record's, so only the change goes. The practitioner is the signed-in user.
 */
export function requestFrom(a: Required<JourneyAnswers>, user: StaffUser): OrderSubmission {
  const address = a.change.kinds.includes('address');
  const checks = address && Object.keys(a.addressChecks ?? {}).length > 0;
  return {
    order: { crn: a.person.crn, eventNumber: a.order.eventNumber },
    practitioner: {
      name: user.name ?? user.username,
      email: user.email ?? '',
      pduCode: user.pduCodes[0] ?? '',
    },
    change: {
      circumstances: a.change.circumstances,
      effectiveFrom: a.change.effectiveFrom,
      ...(a.change.kinds.includes('times') && { periods: a.newTimes }),
      ...(address && { address: a.newAddress }),
    },
    consent: a.consent,
    ...(checks && { addressChecks: a.addressChecks }),
  };
}

/** Which page answers for a rule a refusal cites (the messages end with "(R7)"). */
const PAGE_OF_RULE: Record<string, string> = {
  R1: 'person',
  R2: 'person',
  R3: 'change',
  R4: 'change',
  R5: 'consent',
  R6: 'change',
  R7: 'new-times',
  R10: 'person',
  R11: 'person',
  R12: 'new-times',
  R18: 'change',
};

export function pageOfRuleMessage(message: string): string {
  const rule = /\((R\d+)\)/.exec(message)?.[1] ?? '';
  return `/vary/${PAGE_OF_RULE[rule] ?? 'check-answers'}`;
}

const choiceOf = (order: NDeliusOrder): OrderChoice => ({
  eventNumber: order.eventNumber,
  type: order.type,
  sentenceDate: order.sentenceDate,
  court: order.sentencingCourt.name,
});

/**
 * The chosen order with its curfew as it stands, or why it cannot be varied here, on `field`: not an
 * order this service varies (R1), one nDelius and the record disagree about, or one with a variation
 * already open (R18), whose case the error links to.
 */
async function asItStands(
  crn: string,
  eventNumber: number,
  lookup: OrderLookup,
  errors: FormErrors,
  field: string,
): Promise<Partial<JourneyAnswers>> {
  const standing = await explained(errors, field, () => lookup.orderAsItStands(crn, eventNumber));
  if (!standing) return {};
  if (!(ELIGIBLE_ORDER_TYPES as readonly string[]).includes(standing.order.type)) {
    errors.add(
      field,
      'This order cannot be varied here: only community orders and suspended sentence orders can. Youth orders and licences, including Home Detention Curfew, follow other processes',
    );
    return {};
  }
  const open = await lookup.openVariationOf(standing.orderDigest);
  if (open) {
    errors.fields[field] ??= 'A variation of this order is already open: only one can be open at a time';
    errors.list.push({ text: 'A variation of this order is already open. View it', href: `/cases/${open}` });
    return {};
  }
  return { order: standing.order, curfew: standing.curfew };
}

/** What nDelius or the record refused (422, 403, 400), shown on `field` as people read it; undefined then. */
async function explained<T>(
  errors: FormErrors,
  field: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof HttpException) || ![400, 403, 422].includes(error.getStatus())) throw error;
    const answer = error.getResponse() as { message?: string; messages?: string[] };
    const messages = answer.messages ?? [answer.message ?? 'This order cannot be varied here'];
    for (const message of messages)
      errors.add(field, withoutRuleNumbers(message).replace(/^order\.eventNumber: /, ''));
    return undefined;
  }
}
