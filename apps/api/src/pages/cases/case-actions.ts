// What a practitioner can do on a case page, each as a form that sends the API's action (api.md,
// "Acting on a variation"). `when` only decides which links to show: the workflow still refuses an
// action that does not fit the state (409).
import { ukToday } from '../../../../../libs/domain/src/dates';
import { CONSENT_METHODS, type Consent } from '../../../../../libs/domain/src/types';
import {
  type Actor,
  checksRecordable,
  courtApplicable,
  readyToTellPop,
  type VariationView,
  withdrawable,
} from '../../../../../libs/domain/src/variation';
import { ukInstant } from '../../../../../libs/domain/src/working-days';
import {
  type ActionDefinition,
  amendmentAction,
  checksAction,
  courtApplicationAction,
  courtDecisionAction,
  popInformedAction,
  rebookVisitAction,
  withdrawalAction,
} from '../../../../../workflows/messages';
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
  readTime,
} from '../forms/fields';
import type { Form, FormErrors } from '../forms/form-errors';

/** Sends one action of the signed-in user to this variation. */
export type Send = <A extends { by: Actor }>(
  action: ActionDefinition<A>,
  args: Omit<A, 'by'>,
) => Promise<VariationView>;

export interface CaseAction {
  slug: string;
  /** The link on the case page, and the title of the action's page. */
  title: string;
  button: string;
  /** Said on the case page once it is done. */
  done: string;
  when(view: VariationView): boolean;
  fields(view: VariationView): Form;
  /** Reads the form and sends the action; undefined when the form has errors. */
  submit(form: Form, errors: FormErrors, view: VariationView, send: Send): Promise<VariationView | undefined>;
}

const none = () => ({});

export const CASE_ACTIONS: CaseAction[] = [
  {
    slug: 'checks',
    title: 'Record address checks',
    button: 'Record checks',
    done: 'The address checks are recorded.',
    when: checksRecordable,
    fields: (v) => addressCheckFields(v.addressChecks),
    async submit(form, errors, _view, send) {
      const checks = readAddressChecks(form, errors, true);
      return errors.any ? undefined : send(checksAction, { checks });
    },
  },
  {
    slug: 'amend',
    title: 'Amend the application',
    button: 'Send the amended application',
    done: 'The amended application has gone to triage.',
    when: (v) => v.status === 'RETURNED',
    fields: (v) => ({
      circumstances: v.change.circumstances,
      ...dateFields('effectiveFrom', v.change.effectiveFrom),
      ...periodFields('new', v.change.periods),
      ...addressFields('new-address', v.change.address),
    }),
    async submit(form, errors, view, send) {
      const circumstances = readText(form, 'circumstances', 'how their circumstances have changed', errors, {
        long: true,
      });
      const effectiveFrom = readDate(form, 'effectiveFrom', 'the date the change takes effect', errors);
      const periods = view.change.periods ? readPeriods(form, 'new', errors) : undefined;
      const address = view.change.address ? readAddress(form, 'new-address', errors) : undefined;
      const consent = readAmendedConsent(form, errors);
      const note = readText(form, 'note', 'what you changed', errors, { optional: true, long: true });
      if (errors.any) return undefined;
      const change = {
        circumstances: circumstances!,
        effectiveFrom: effectiveFrom!,
        ...(periods && { periods }),
        ...(address && { address }),
      };
      return send(amendmentAction, { change, note, ...(consent && { consent }) });
    },
  },
  {
    slug: 'pop-informed',
    title: 'Record that the person on probation was told',
    button: 'Record and complete',
    done: 'Recorded. The contact is being recorded in nDelius.',
    when: readyToTellPop,
    fields: none,
    async submit(form, errors, _view, send) {
      const date = readDate(form, 'informedDate', 'the date you told them', errors);
      const time = readTime(form, 'informedTime', 'the time you told them', errors);
      const method = readChoice(form, 'method', CONSENT_METHODS, errors, 'Select how you told them');
      const informedAt = date && time ? ukInstant(date, time) : undefined;
      if (informedAt && informedAt.getTime() > Date.now())
        errors.add('informedDate-day', 'The time you told them must be in the past');
      return errors.any
        ? undefined
        : send(popInformedAction, { informedAt: informedAt!.toISOString(), method: method! });
    },
  },
  {
    slug: 'rebook',
    title: 'Rebook the EMS visit',
    button: 'Rebook the visit',
    done: 'The EMS provider has been asked to visit again.',
    when: (v) => v.status === 'EMS_VISIT_FAILED',
    fields: none,
    submit: (_form, _errors, _view, send) => send(rebookVisitAction, {}),
  },
  {
    slug: 'court-application',
    title: 'Record the court application',
    button: 'Record the application',
    done: 'The court application is recorded.',
    // The first application, or another after a failed visit once the court has granted it.
    when: courtApplicable,
    fields: none,
    async submit(form, errors, _view, send) {
      const lodgedAt = readDate(form, 'lodgedAt', 'the date you lodged the application', errors);
      const hearing = ['day', 'month', 'year'].some((part) => form[`hearingDate-${part}`]?.trim());
      const hearingDate = hearing
        ? readDate(form, 'hearingDate', 'the date of the hearing', errors)
        : undefined;
      if (lodgedAt && lodgedAt > ukToday(new Date()))
        errors.add('lodgedAt-day', 'The date you lodged the application must be today or in the past');
      return errors.any
        ? undefined
        : send(courtApplicationAction, { lodgedAt: lodgedAt!, ...(hearingDate && { hearingDate }) });
    },
  },
  {
    slug: 'court-decision',
    title: "Record the court's decision",
    button: 'Record the decision',
    done: "The court's decision is recorded.",
    when: (v) => v.status === 'AWAITING_COURT_DECISION',
    fields: none,
    async submit(form, errors, view, send) {
      const decision = readChoice(
        form,
        'decision',
        ['GRANTED', 'REFUSED'] as const,
        errors,
        "Select the court's decision",
      );
      const decidedAt = readDate(form, 'decidedAt', 'the date of the decision', errors);
      if (errors.any) return undefined;
      // A grant varies the order as asked; the court's own wording goes to the API (court-decision) if it differs.
      return send(courtDecisionAction, {
        decision: decision!,
        decidedAt: decidedAt!,
        ...(decision === 'GRANTED' && { change: view.change }),
      });
    },
  },
  {
    slug: 'withdraw',
    title: 'Withdraw the application',
    button: 'Withdraw it',
    done: 'The application is withdrawn.',
    // Not once the court has granted it: its order stands.
    when: withdrawable,
    fields: none,
    async submit(form, errors, _view, send) {
      const reason = readText(form, 'reason', 'why you are withdrawing it', errors, { long: true });
      return errors.any ? undefined : send(withdrawalAction, { reason: reason! });
    },
  },
];

/** Consent to the amended application: both parts or neither. The workflow says when it is needed (R5). */
function readAmendedConsent(form: Form, errors: FormErrors): Consent | undefined {
  const dated = ['day', 'month', 'year'].some((part) => form[`consentDate-${part}`]?.trim());
  if (!form.consentMethod && !dated) return undefined;
  const { method, recordedAt } = readConsentGiven(form, 'consentMethod', errors);
  return method && recordedAt ? { given: true, method, recordedAt } : undefined;
}

export const caseAction = (slug: string) => CASE_ACTIONS.find((action) => action.slug === slug);

/** The form field a rule's refusal (".. (R7)") is about, on the amend page. */
const FIELD_OF_RULE: Record<string, string> = {
  R3: 'circumstances',
  R4: 'circumstances',
  R5: 'consentMethod',
  R6: 'effectiveFrom-day',
  R7: 'new-monday-start',
  R10: 'new-address-line1',
  R11: 'new-address-line1',
  R12: 'new-monday-start',
};

export function fieldOfRuleMessage(message: string): string {
  return FIELD_OF_RULE[/\((R\d+)\)/.exec(message)?.[1] ?? ''] ?? 'main-content';
}
