// The court route of domain.md: what the administrative power cannot do goes to the sentencing court.
import type { VariationView } from '../libs/domain/src/variation';
import { answerFor } from './handlers';
import type { VariationInput } from './messages';
import {
  emsConfirmsAndVisits,
  popInformed,
  sendVariationNotices,
  tell,
  visitsUntilInstalled,
  waitIn,
} from './steps';
import { VariationRecord } from './variation-record';
import { recorded } from './record-keeping';
import { untilWithdrawn } from './withdrawal';

export async function courtVariationWorkflow(input: VariationInput): Promise<VariationView> {
  const variation = new VariationRecord(input, 'COURT');
  const court = variation.view.court!;
  answerFor(variation);

  const process = untilWithdrawn(variation, async () => {
    // The practitioner applies to the court, and the court decides.
    await waitIn(variation, 'AWAITING_COURT_APPLICATION', () => !!court.lodgedAt);
    await waitIn(variation, 'AWAITING_COURT_DECISION', () => !!court.decision);
    if (court.decision!.decision === 'REFUSED') {
      return variation.refused('Refused by the court', court.decision!.by, 'REFUSED_BY_COURT');
    }

    // Granted: the terms the court ordered go to the EMS provider and the PoP exactly as in steps 5-7.
    // The court made the order itself, so only the EMS provider needs the notice.
    variation.moveTo(variation.isMonitored ? 'AWAITING_EMS_CONFIRMATION' : 'AWAITING_POP_INFORMED');
    let notices = sendVariationNotices(variation, variation.isMonitored ? ['EMS'] : []);
    let outcome = variation.isMonitored ? await emsConfirmsAndVisits(variation, notices) : 'DONE';
    while (outcome !== 'DONE') {
      // Back to the court: the provider cannot act on the order as sent (told so with its reason), or
      // the practitioner applied again after a failed visit.
      const grant = court.decision;
      court.decision = null;
      const decided = waitIn(variation, 'AWAITING_COURT_DECISION', () => !!court.decision);
      if (outcome === 'REJECTED')
        tell(variation, 'PRACTITIONER', 'EMS_REJECTED', variation.view.ems?.rejected?.reason);
      await decided;
      if (court.decision!.decision === 'REFUSED') {
        if (outcome === 'REJECTED') {
          return variation.refused('Refused by the court', court.decision!.by, 'REFUSED_BY_COURT');
        }
        // After a failed visit the first grant stands: back to that failure, to rebook or apply again.
        court.decision = grant;
        variation.backToCourt = false;
        outcome = await visitsUntilInstalled(variation, true);
        continue;
      }
      // Granted again: the EMS steps run again with the court's new terms.
      variation.backToCourt = false;
      variation.moveTo('AWAITING_EMS_CONFIRMATION');
      notices = sendVariationNotices(variation, ['EMS']);
      outcome = await emsConfirmsAndVisits(variation, notices);
    }
    await notices;
    return popInformed(variation);
  });
  // The record (PostgreSQL) follows each change, and has the variation as it ended.
  return recorded(variation, process);
}
