// The administrative route of domain.md, "The process", step by step. Read it beside that section.
import type { VariationView } from '../libs/domain/src/variation';
import { answerFor } from './handlers';
import type { VariationInput } from './messages';
import {
  amendment,
  decisionOf,
  emsConfirmsAndVisits,
  popInformed,
  refused,
  sendVariationNotices,
  waitIn,
} from './steps';
import { VariationRecord } from './variation-record';
import { recorded } from './record-keeping';
import { untilWithdrawn } from './withdrawal';

export async function variationWorkflow(input: VariationInput): Promise<VariationView> {
  const variation = new VariationRecord(input, 'ADMINISTRATIVE');
  answerFor(variation);

  const process = untilWithdrawn(variation, async () => {
    for (;;) {
      // Step 2 (R9): a new address waits for its safeguarding, domestic abuse and householder checks.
      if (variation.needsAddressChecks)
        await waitIn(variation, 'AWAITING_CHECKS', () => !variation.needsAddressChecks);

      // Step 3 (R13): the SPO triages: accept, return for amendment, or reject.
      const triage = await decisionOf(variation, 'TRIAGE');
      if (triage.decision === 'REJECT') return refused(variation, triage);
      if (triage.decision === 'RETURN') {
        await amendment(variation, triage.reason);
        continue;
      }

      // Step 4 (R13): the PDU Head approves, returns, or refuses.
      const approval = await decisionOf(variation, 'APPROVAL');
      if (approval.decision === 'REJECT') return refused(variation, approval);
      if (approval.decision === 'RETURN') {
        await amendment(variation, approval.reason);
        continue;
      }

      // Step 5 (R14): the Variation Notice to the court, the police and, if monitored, the EMS provider.
      // Step 6 (R15): the EMS provider confirms and visits any new address. Its rejection goes back
      // to the practitioner, and the amended variation is decided again.
      if (variation.isMonitored) {
        // The EMS provider's first: it has the most to do before the PoP can be told.
        const notices = sendVariationNotices(variation, ['EMS', 'COURT', 'POLICE']);
        if ((await emsConfirmsAndVisits(variation, notices)) === 'REJECTED') {
          await amendment(variation, variation.view.ems!.rejected!.reason);
          continue;
        }
      } else {
        variation.moveTo('AWAITING_POP_INFORMED');
        await sendVariationNotices(variation, ['COURT', 'POLICE']);
      }

      // Step 7: only now is the PoP told (every notice sent); the contact goes into nDelius.
      return popInformed(variation);
    }
  });
  // The record (PostgreSQL) follows each change, and has the variation as it ended.
  return recorded(variation, process);
}
