// "Vary a curfew", one question per page. Each step reads its form into the answers and writes the
// answers back into its form; the order of STEPS is the order of the journey.
import { ukToday } from '../../../../../libs/domain/src/dates';
import { ELIGIBLE_ORDER_TYPES, type VariationRequest } from '../../../../../libs/domain/src/types';
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
import type { Form, FormErrors } from '../forms/form-errors';
import type { ChangeKind, JourneyAnswers } from './journey-answers';

export interface Step {
  slug: string;
  title: string;
  applies(answers: JourneyAnswers): boolean;
  answered(answers: JourneyAnswers): boolean;
  /** The answers this page gives; only kept when `errors` is empty. */
  read(form: Form, errors: FormErrors, referenceData: ReferenceData): Partial<JourneyAnswers>;
  fields(answers: JourneyAnswers): Form;
}

const always = () => true;
const changes = (kind: ChangeKind) => (answers: JourneyAnswers) => !!answers.change?.kinds.includes(kind);
const today = () => ukToday(new Date());

export const STEPS: Step[] = [
  {
    slug: 'person',
    title: 'Who is the person on probation?',
    applies: always,
    answered: (a) => !!a.person,
    read(form, errors) {
      const crn = (form.crn ?? '').trim().toUpperCase();
      if (!crn) errors.add('crn', 'Enter the case reference number (CRN)');
      else if (!/^[A-Z]\d{6}$/.test(crn))
        errors.add('crn', 'Enter the CRN as a letter and 6 numbers, like X123456');
      const firstName = readText(form, 'firstName', 'their first name', errors);
      const lastName = readText(form, 'lastName', 'their last name', errors);
      const dateOfBirth = readDate(form, 'dateOfBirth', 'their date of birth', errors);
      if (dateOfBirth && dateOfBirth >= today())
        errors.add('dateOfBirth-day', 'Their date of birth must be in the past');
      return { person: { crn, firstName: firstName!, lastName: lastName!, dateOfBirth: dateOfBirth! } };
    },
    fields: ({ person }) => ({ ...person, ...dateFields('dateOfBirth', person?.dateOfBirth) }),
  },
  {
    slug: 'order',
    title: 'What order is the curfew part of?',
    applies: always,
    answered: (a) => !!a.order,
    read(form, errors, referenceData) {
      const type = readChoice(form, 'orderType', ELIGIBLE_ORDER_TYPES, errors, 'Select the type of order');
      const convictionDate = readDate(form, 'convictionDate', 'the date of conviction', errors);
      const sentenceDate = readDate(form, 'sentenceDate', 'the date of sentence', errors);
      const code = readChoice(
        form,
        'court',
        Object.keys(referenceData.courts),
        errors,
        'Select the sentencing court',
      );
      const residenceRequirement = readYesNo(
        form,
        'residenceRequirement',
        errors,
        'Select whether the order has a residence requirement',
      );
      const stipulatedBoundary = readYesNo(
        form,
        'stipulatedBoundary',
        errors,
        'Select whether the curfew has a stipulated boundary area',
      );
      return {
        order: {
          type: type!,
          convictionDate: convictionDate!,
          sentenceDate: sentenceDate!,
          sentencingCourt: { code: code!, name: code ? referenceData.courts[code].name : '' },
          residenceRequirement: residenceRequirement!,
          stipulatedBoundary: stipulatedBoundary!,
        },
      };
    },
    fields: ({ order }) =>
      order
        ? {
            orderType: order.type,
            court: order.sentencingCourt.code,
            residenceRequirement: yesNo(order.residenceRequirement),
            stipulatedBoundary: yesNo(order.stipulatedBoundary),
            ...dateFields('convictionDate', order.convictionDate),
            ...dateFields('sentenceDate', order.sentenceDate),
          }
        : {},
  },
  {
    slug: 'curfew',
    title: 'What is the curfew now?',
    applies: always,
    answered: (a) => !!a.curfew,
    read(form, errors) {
      const startDate = readDate(form, 'startDate', 'the date the curfew started', errors);
      const endDate = readDate(form, 'endDate', 'the date the curfew ends', errors);
      if (startDate && endDate && endDate < startDate)
        errors.add('endDate-day', 'The curfew must end after it starts');
      const electronicallyMonitored = readYesNo(
        form,
        'monitored',
        errors,
        'Select whether the curfew is electronically monitored',
      );
      const address = readAddress(form, 'address', errors);
      const periods = readPeriods(form, 'curfew', errors);
      return {
        curfew: {
          startDate: startDate!,
          endDate: endDate!,
          electronicallyMonitored: electronicallyMonitored!,
          address: address!,
          periods: periods!,
        },
      };
    },
    fields: ({ curfew }) =>
      curfew
        ? {
            monitored: yesNo(curfew.electronicallyMonitored),
            ...dateFields('startDate', curfew.startDate),
            ...dateFields('endDate', curfew.endDate),
            ...addressFields('address', curfew.address),
            ...periodFields('curfew', curfew.periods),
          }
        : {},
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

/** The body of POST /variations from the answers; the practitioner is the signed-in user. */
export function requestFrom(a: Required<JourneyAnswers>, user: StaffUser): VariationRequest {
  const address = a.change.kinds.includes('address');
  const checks = address && Object.keys(a.addressChecks ?? {}).length > 0;
  return {
    person: a.person,
    practitioner: {
      name: user.name ?? user.username,
      email: user.email ?? '',
      pduCode: user.pduCodes[0] ?? '',
    },
    order: a.order,
    curfew: a.curfew,
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
  R1: 'order',
  R2: 'order',
  R3: 'change',
  R4: 'change',
  R5: 'consent',
  R6: 'change',
  R7: 'new-times',
  R10: 'order',
  R11: 'order',
  R12: 'curfew',
};

export function pageOfRuleMessage(message: string): string {
  const rule = /\((R\d+)\)/.exec(message)?.[1] ?? '';
  return `/vary/${PAGE_OF_RULE[rule] ?? 'check-answers'}`;
}
