// The administrative route of domain.md, step by step. Read it beside "The process".
import { condition, setHandler } from '@temporalio/workflow';
import type {
  DecisionRequest,
  DecisionStep,
  RecordedDecision,
  Status,
  VariationView,
} from '../libs/domain/src/variation';
import {
  approvalUpdate,
  checksUpdate,
  requestHashQuery,
  triageUpdate,
  type VariationInput,
  viewQuery,
} from './messages';
import { VariationRecord } from './variation-record';

export async function variationWorkflow(input: VariationInput): Promise<VariationView> {
  const variation = new VariationRecord(input, 'AWAITING_TRIAGE');

  setHandler(viewQuery, () => variation.view);
  setHandler(requestHashQuery, () => input.requestHash);
  setHandler(
    checksUpdate,
    async ({ checks, by }) => {
      variation.recordChecks(checks, by);
      return variation.view;
    },
    { validator: (_request) => variation.assertCanRecordChecks() },
  );
  setHandler(triageUpdate, decisionHandler('TRIAGE'), {
    validator: (request) => variation.assertCanDecide('TRIAGE', request),
  });
  setHandler(approvalUpdate, decisionHandler('APPROVAL'), {
    validator: (request) => variation.assertCanDecide('APPROVAL', request),
  });

  // Step 2 (R9): a new address waits until its checks are recorded.
  if (variation.needsAddressChecks) {
    variation.moveTo('AWAITING_CHECKS');
    await condition(() => !variation.needsAddressChecks);
  }

  // Steps 3 and 4 (R13): SPO triage, then the PDU Head's approval.
  const triage = await decisionIn('AWAITING_TRIAGE');
  if (triage.decision !== 'ACCEPT') return variation.end('REJECTED');

  const approval = await decisionIn('AWAITING_APPROVAL');
  if (approval.decision !== 'APPROVE') return variation.end('REJECTED');

  // Steps 5-7 (notices, EMS, telling the PoP) come with the rest of the process.
  return variation.end('COMPLETED');

  function decisionHandler(step: DecisionStep) {
    return async (request: DecisionRequest<string>): Promise<VariationView> => {
      const waitingIn = variation.status;
      variation.decide(step, request);
      // Answer once the main line has acted, so the caller sees where the variation went next.
      await condition(() => variation.status !== waitingIn);
      return variation.view;
    };
  }

  async function decisionIn(waitIn: Status): Promise<RecordedDecision> {
    variation.moveTo(waitIn);
    await condition(() => variation.hasPendingDecision());
    return variation.takeDecision()!;
  }
}
