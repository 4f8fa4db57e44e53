// How a variation answers the outside world: its queries, an Update per person's action (api.md), and
// signals for the EMS provider's events and the service-level sweep.
import { condition, setHandler } from '@temporalio/workflow';
import { withoutRestatements } from '../libs/domain/src/rules';
import type { DecisionStep, VariationView } from '../libs/domain/src/variation';
import {
  amendmentUpdate,
  approvalUpdate,
  checksUpdate,
  courtApplicationUpdate,
  courtDecisionUpdate,
  emsEventSignal,
  emsEventTakenQuery,
  popInformedUpdate,
  rebookVisitUpdate,
  requestHashQuery,
  serviceLevelDueSignal,
  triageUpdate,
  viewQuery,
  withdrawalUpdate,
} from './messages';
import { serviceLevelDue } from './steps';
import type { VariationRecord } from './variation-record';

export function answerFor(v: VariationRecord): void {
  setHandler(viewQuery, () => v.view);
  setHandler(requestHashQuery, () => v.input.requestHash);
  setHandler(emsEventTakenQuery, (webhookId) => v.hasTaken(webhookId));
  setHandler(serviceLevelDueSignal, () => serviceLevelDue(v));

  /** Records an action, then answers once the main line has moved on, so the caller sees where it went. */
  const acting =
    <A>(act: (args: A) => void, movesOn: (args: A) => boolean = () => true) =>
    async (args: A): Promise<VariationView> => {
      const before = v.status;
      act(args);
      if (movesOn(args)) await condition(() => v.status !== before);
      return v.view;
    };

  setHandler(
    checksUpdate,
    acting(
      ({ checks, by }) => v.recordChecks(checks, by),
      () => v.status === 'AWAITING_CHECKS' && !v.needsAddressChecks,
    ),
    { validator: (args) => v.assertCanRecordChecks(args) },
  );

  for (const [update, step] of [
    [triageUpdate, 'TRIAGE'],
    [approvalUpdate, 'APPROVAL'],
  ] as [typeof triageUpdate, DecisionStep][]) {
    setHandler(
      update,
      acting((request) => v.decide(step, request)),
      { validator: (request) => v.assertCanDecide(step, request) },
    );
  }

  setHandler(
    amendmentUpdate,
    acting((args) => v.amend(args)),
    { validator: (args) => v.assertCanAmend(args) },
  );

  setHandler(
    withdrawalUpdate,
    acting(({ reason, by }) => {
      v.withdrawal = { reason: reason.trim(), by };
    }),
    { validator: (args) => v.assertCanWithdraw(args) },
  );

  setHandler(
    rebookVisitUpdate,
    acting(({ by }) => {
      v.rebookRequested = true;
      v.record('EMS_VISIT_REBOOKED', by);
    }),
    { validator: (args) => v.assertCanRebook(args) },
  );

  // Recording in nDelius follows; the caller need not wait for it.
  setHandler(
    popInformedUpdate,
    acting(
      ({ informedAt, method, by }) => {
        v.popInformed = { informedAt, method, by };
        v.record('POP_INFORMED', by, method);
      },
      () => false,
    ),
    { validator: (args) => v.assertCanRecordPopInformed(args) },
  );

  setHandler(emsEventSignal, (event) => v.takeEmsEvent(event));

  setHandler(
    courtApplicationUpdate,
    acting(({ lodgedAt, hearingDate, by }) => {
      v.view.court!.lodgedAt = lodgedAt;
      v.view.court!.hearingDate = hearingDate ?? null;
      v.record('COURT_APPLICATION_LODGED', by, hearingDate ? `hearing ${hearingDate}` : undefined);
    }),
    { validator: (args) => v.assertCanLodge(args) },
  );

  setHandler(
    courtDecisionUpdate,
    acting(({ decision, decidedAt, change, by }) => {
      v.view.court!.decision = { decision, decidedAt, by: by.username };
      if (decision === 'GRANTED' && change) v.view.change = withoutRestatements(change, v.view.curfew);
      v.record(`COURT_${decision}`, by);
    }),
    { validator: (args) => v.assertCanRecordCourtDecision(args) },
  );
}
