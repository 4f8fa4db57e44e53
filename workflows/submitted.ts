// A new variation as it stands once submitted: its first wait and its view. The api answers the
// submission with this view and starts the workflow with these search attributes; the workflow
// starts from the same view. One function for both, so the api need not ask the workflow (issue 8:
// a query fewer for each submission, and the 201 does not wait for the worker).
import { ukToday } from '../libs/domain/src/dates';
import { deadline, type ServiceLevels, type WaitingStatus } from '../libs/domain/src/service-levels';
import { addressChecksNeeded, type VariationRequest } from '../libs/domain/src/types';
import type { Route, VariationView } from '../libs/domain/src/variation';
import type { VariationInput } from './messages';

export interface FirstWait {
  status: WaitingStatus;
  /** When its service level (R16) is due; null when the step has none. */
  remindAt: Date | null;
}

/** The step a new variation first waits in (R9: checks first for a new address), from submission. */
export function firstWait(
  route: Route,
  request: VariationRequest,
  serviceLevels: ServiceLevels,
  submittedAt: Date,
): FirstWait {
  const status: WaitingStatus =
    route === 'COURT'
      ? 'AWAITING_COURT_APPLICATION'
      : addressChecksNeeded(request.change, request.addressChecks)
        ? 'AWAITING_CHECKS'
        : 'AWAITING_TRIAGE';
  const level = serviceLevels[status];
  return { status, remindAt: level ? deadline(submittedAt, level.due) : null };
}

/** The view of a variation just submitted at `submittedAt`: what `POST /variations` answers. */
export function submittedView(input: VariationInput, route: Route, submittedAt: Date): VariationView {
  const { status, remindAt } = firstWait(route, input.request, input.serviceLevels, submittedAt);
  return {
    id: input.id,
    status,
    route,
    ...input.request,
    decisions: [],
    notices: [],
    ems: null,
    court: route === 'COURT' ? { lodgedAt: null, hearingDate: null, decision: null } : null,
    refusal: null,
    dueBy: remindAt ? ukToday(remindAt) : null,
    timeline: [{ at: submittedAt.toISOString(), event: 'SUBMITTED', by: input.submittedBy.username }],
  };
}
