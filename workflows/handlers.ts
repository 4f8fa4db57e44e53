// How a variation answers the outside world: its queries, and signals for people's actions (each
// with a request id whose outcome the api reads back), the EMS provider's events and the
// service-level sweep.
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { withoutRestatements } from '../libs/domain/src/rules';
import type { DecisionStep } from '../libs/domain/src/variation';
import {
  type ActionDefinition,
  type ActionRequest,
  actionOutcomeQuery,
  amendmentAction,
  approvalAction,
  checksAction,
  courtApplicationAction,
  courtDecisionAction,
  emsEventSignal,
  emsEventTakenQuery,
  popInformedAction,
  rebookVisitAction,
  requestHashQuery,
  serviceLevelDueSignal,
  triageAction,
  viewQuery,
  withdrawalAction,
} from './messages';
import { serviceLevelDue } from './steps';
import type { VariationRecord } from './variation-record';

export function answerFor(v: VariationRecord): void {
  setHandler(viewQuery, () => v.view);
  setHandler(requestHashQuery, () => v.input.requestHash);
  setHandler(emsEventTakenQuery, (webhookId) => v.hasTaken(webhookId));
  setHandler(actionOutcomeQuery, (requestId) => ({
    outcome: v.outcomes.get(requestId) ?? null,
    view: v.view,
  }));
  setHandler(serviceLevelDueSignal, () => serviceLevelDue(v));
  setHandler(emsEventSignal, (event) => v.takeEmsEvent(event));

  /**
   * A person's action: checked first, and refused (with why) if it does not fit, changing nothing.
   * Otherwise taken, and its outcome recorded once the main line has moved on, so the caller sees
   * where it went. It is judged by the state when its signal is handled: the SDK hands a workflow the
   * signals of a task before an activity's completion that came earlier in it, so an action can be
   * refused for a state the variation leaves in that same task (the api then sends it once more). Actions are taken one at a time in the order they came, each once the one before
   * has moved on: several that reach the variation in one task (after a worker was away, or a reset)
   * are judged as if they had come apart. A request id seen before is not taken again: a retry reads
   * the first outcome.
   */
  let previous = Promise.resolve();
  const acting = <A>(
    action: ActionDefinition<A>,
    check: (args: A) => void,
    act: (args: A) => void,
    movesOn: (args: A) => boolean = () => true,
  ) => setHandler(action, (request) => (previous = previous.then(() => take(request, check, act, movesOn))));

  async function take<A>(
    { requestId, requestHash, args }: ActionRequest<A>,
    check: (args: A) => void,
    act: (args: A) => void,
    movesOn: (args: A) => boolean,
  ): Promise<void> {
    if (v.outcomes.has(requestId)) return;
    try {
      check(args);
    } catch (error) {
      // Anything but a refusal is a fault in the code: the workflow task fails, and operators are told.
      if (!(error instanceof ApplicationFailure)) throw error;
      const { type, message, details } = error;
      const refusal = { type: type ?? '', message, details: details ?? undefined };
      v.outcomes.set(requestId, { requestHash, taken: false, refusal });
      return;
    }
    const before = v.status;
    act(args);
    if (movesOn(args)) await condition(() => v.status !== before);
    v.outcomes.set(requestId, { requestHash, taken: true });
  }

  acting(
    checksAction,
    (args) => v.assertCanRecordChecks(args),
    ({ checks, by }) => v.recordChecks(checks, by),
    () => v.status === 'AWAITING_CHECKS' && !v.needsAddressChecks,
  );

  for (const [action, step] of [
    [triageAction, 'TRIAGE'],
    [approvalAction, 'APPROVAL'],
  ] as [typeof triageAction, DecisionStep][]) {
    acting(
      action,
      (request) => v.assertCanDecide(step, request),
      (request) => v.decide(step, request),
    );
  }

  acting(
    amendmentAction,
    (args) => v.assertCanAmend(args),
    (args) => v.amend(args),
  );

  acting(
    withdrawalAction,
    (args) => v.assertCanWithdraw(args),
    ({ reason, by }) => {
      v.withdrawal = { reason: reason.trim(), by };
    },
  );

  acting(
    rebookVisitAction,
    (args) => v.assertCanRebook(args),
    ({ by }) => {
      v.rebookRequested = true;
      v.record('EMS_VISIT_REBOOKED', by);
    },
  );

  // Recording in nDelius follows; the caller need not wait for it.
  acting(
    popInformedAction,
    (args) => v.assertCanRecordPopInformed(args),
    ({ informedAt, method, by }) => {
      v.popInformed = { informedAt, method, by };
      v.record('POP_INFORMED', by, method);
    },
    () => false,
  );

  acting(
    courtApplicationAction,
    (args) => v.assertCanLodge(args),
    ({ lodgedAt, hearingDate, by }) => {
      if (v.status === 'EMS_VISIT_FAILED') v.backToCourt = true;
      v.view.court!.lodgedAt = lodgedAt;
      v.view.court!.hearingDate = hearingDate ?? null;
      v.record('COURT_APPLICATION_LODGED', by, hearingDate ? `hearing ${hearingDate}` : undefined);
    },
  );

  acting(
    courtDecisionAction,
    (args) => v.assertCanRecordCourtDecision(args),
    ({ decision, decidedAt, change, by }) => {
      v.view.court!.decision = { decision, decidedAt, by: by.username };
      if (decision === 'GRANTED' && change) v.view.change = withoutRestatements(change, v.view.curfew);
      v.record(`COURT_${decision}`, by);
    },
  );
}
