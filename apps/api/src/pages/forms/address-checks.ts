// R9: the checks on a new address, as one form: the journey's checks page and the case page's
// "Record address checks" both use it. Each check may be left blank and recorded later.
import { type AddressChecks, CHECK_OUTCOMES } from '../../../../../libs/domain/src/types';
import { dateFields, readChoice, readDate, readText, readYesNo, yesNo } from './fields';
import type { Form, FormErrors } from './form-errors';

const GROUPS = {
  safeguarding: ['safeguarding-outcome', 'safeguarding-authority', 'safeguarding-date', 'safeguarding-notes'],
  domesticAbuse: [
    'domestic-abuse-outcome',
    'domestic-abuse-force',
    'domestic-abuse-date',
    'domestic-abuse-notes',
  ],
  householder: ['householder-name', 'householder-consented', 'householder-attitude', 'householder-date'],
};

/** The checks filled in; a check partly filled in is an error. `required`: at least one check. */
export function readAddressChecks(form: Form, errors: FormErrors, required: boolean): AddressChecks {
  const started = (group: keyof typeof GROUPS) =>
    GROUPS[group].some((field) =>
      field.endsWith('-date')
        ? ['day', 'month', 'year'].some((part) => form[`${field}-${part}`]?.trim())
        : form[field]?.trim(),
    );
  const checks: AddressChecks = {};
  if (started('safeguarding')) {
    const outcome = readChoice(
      form,
      'safeguarding-outcome',
      CHECK_OUTCOMES,
      errors,
      'Select what the safeguarding check found',
    );
    const localAuthority = readText(
      form,
      'safeguarding-authority',
      'the local authority that did the safeguarding check',
      errors,
    );
    const completedAt = readDate(form, 'safeguarding-date', 'the date of the safeguarding check', errors);
    const notes = readText(form, 'safeguarding-notes', 'notes on the safeguarding check', errors, {
      optional: true,
      long: true,
    });
    if (outcome && localAuthority && completedAt) {
      checks.safeguarding = { outcome, localAuthority, completedAt, ...(notes ? { notes } : {}) };
    }
  }
  if (started('domesticAbuse')) {
    const outcome = readChoice(
      form,
      'domestic-abuse-outcome',
      CHECK_OUTCOMES,
      errors,
      'Select what the domestic abuse check found',
    );
    const policeForce = readText(
      form,
      'domestic-abuse-force',
      'the police force that did the domestic abuse check',
      errors,
    );
    const completedAt = readDate(form, 'domestic-abuse-date', 'the date of the domestic abuse check', errors);
    const notes = readText(form, 'domestic-abuse-notes', 'notes on the domestic abuse check', errors, {
      optional: true,
      long: true,
    });
    if (outcome && policeForce && completedAt) {
      checks.domesticAbuse = { outcome, policeForce, completedAt, ...(notes ? { notes } : {}) };
    }
  }
  if (started('householder')) {
    const name = readText(form, 'householder-name', 'the name of the householder', errors);
    const consented = readYesNo(
      form,
      'householder-consented',
      errors,
      'Select whether the householder consents',
    );
    const attitudeOfOthers = readText(
      form,
      'householder-attitude',
      'the attitude of others at the address',
      errors,
      { long: true },
    );
    const recordedAt = readDate(form, 'householder-date', 'the date the householder was asked', errors);
    if (name && consented !== undefined && attitudeOfOthers && recordedAt) {
      checks.householder = { name, consented, attitudeOfOthers, recordedAt };
    }
  }
  if (required && !errors.any && Object.keys(checks).length === 0) {
    errors.add('safeguarding-outcome', 'Record at least one of the checks');
  }
  return checks;
}

export function addressCheckFields(checks: AddressChecks | undefined): Form {
  const { safeguarding, domesticAbuse, householder } = checks ?? {};
  return {
    ...(safeguarding && {
      'safeguarding-outcome': safeguarding.outcome,
      'safeguarding-authority': safeguarding.localAuthority,
      'safeguarding-notes': safeguarding.notes ?? '',
      ...dateFields('safeguarding-date', safeguarding.completedAt),
    }),
    ...(domesticAbuse && {
      'domestic-abuse-outcome': domesticAbuse.outcome,
      'domestic-abuse-force': domesticAbuse.policeForce,
      'domestic-abuse-notes': domesticAbuse.notes ?? '',
      ...dateFields('domestic-abuse-date', domesticAbuse.completedAt),
    }),
    ...(householder && {
      'householder-name': householder.name,
      'householder-consented': yesNo(householder.consented),
      'householder-attitude': householder.attitudeOfOthers,
      ...dateFields('householder-date', householder.recordedAt),
    }),
  };
}
