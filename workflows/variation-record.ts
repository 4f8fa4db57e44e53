// The state of one variation inside its workflow: what it is, where it is, and everything that happened.
import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { AddressChecks } from '../libs/domain/src/types';
import {
  type Actor,
  type DecisionRequest,
  type DecisionStep,
  FINAL_STATUSES,
  ROLES,
  type RecordedDecision,
  type Status,
  type VariationView,
} from '../libs/domain/src/variation';
import { FORBIDDEN, INVALID_STATE, type VariationInput } from './messages';
import { VariationStatus } from './search-attributes';

/** R13: which role decides which step, and the status in which that step waits. */
const STEPS: Record<DecisionStep, { role: string; awaiting: Status }> = {
  TRIAGE: { role: ROLES.spo, awaiting: 'AWAITING_TRIAGE' },
  APPROVAL: { role: ROLES.pduHead, awaiting: 'AWAITING_APPROVAL' },
};

export class VariationRecord {
  readonly view: VariationView;
  private pendingDecision: RecordedDecision | undefined;

  constructor(input: VariationInput, initialStatus: Status) {
    this.view = {
      id: input.id,
      status: initialStatus,
      route: 'ADMINISTRATIVE',
      ...input.request,
      decisions: [],
      notices: [],
      ems: null,
      dueBy: null,
      timeline: [],
    };
    this.record('SUBMITTED', input.submittedBy);
  }

  get status(): Status {
    return this.view.status;
  }

  get isFinal(): boolean {
    return FINAL_STATUSES.includes(this.status);
  }

  moveTo(status: Status): void {
    this.view.status = status;
    upsertSearchAttributes([{ key: VariationStatus, value: status }]);
  }

  end(status: Status, by: Actor | null = null): VariationView {
    this.moveTo(status);
    this.record(status, by);
    return this.view;
  }

  record(event: string, by: Actor | null, note?: string): void {
    this.view.timeline.push({ at: now(), event, by: by?.username ?? null, ...(note ? { note } : {}) });
  }

  // R9: a new address needs safeguarding, domestic abuse and householder checks before triage.
  get needsAddressChecks(): boolean {
    const checks = this.view.addressChecks;
    return (
      !!this.view.change.address && !(checks?.safeguarding && checks.domesticAbuse && checks.householder)
    );
  }

  recordChecks(checks: AddressChecks, by: Actor): void {
    this.view.addressChecks = { ...this.view.addressChecks, ...checks };
    const concerns = [checks.safeguarding, checks.domesticAbuse].some((c) => c?.outcome === 'CONCERNS');
    const refused = checks.householder?.consented === false;
    const note = [concerns && 'concerns raised', refused && 'householder did not consent']
      .filter(Boolean)
      .join('; ');
    this.record('CHECKS_RECORDED', by, note || undefined);
  }

  assertCanRecordChecks(): void {
    if (!this.view.change.address || this.isFinal || !['AWAITING_CHECKS', 'RETURNED'].includes(this.status)) {
      this.refuse('Address checks can only be recorded for a change of address waiting for its checks (R9)');
    }
  }

  /** Update validator: the step must be the one waiting, undecided, and the actor must hold its role (R13). */
  assertCanDecide(step: DecisionStep, request: DecisionRequest<string>): void {
    if (!request.by.roles.includes(STEPS[step].role)) {
      throw ApplicationFailure.create({
        type: FORBIDDEN,
        message: `Only ${STEPS[step].role} may decide ${step.toLowerCase()} (R13)`,
        nonRetryable: true,
      });
    }
    if (this.status !== STEPS[step].awaiting || this.pendingDecision) {
      this.refuse(`The variation is ${this.status}: ${step.toLowerCase()} cannot be decided now`);
    }
    if (request.decision !== 'ACCEPT' && request.decision !== 'APPROVE' && !request.reason?.trim()) {
      throw ApplicationFailure.create({
        type: 'REASON_REQUIRED',
        message: 'A reason is required to return or reject (R13)',
        nonRetryable: true,
      });
    }
  }

  /** Update handler: records the decision; the workflow's main line acts on it. */
  decide(step: DecisionStep, request: DecisionRequest<string>): void {
    const decision = {
      step,
      decision: request.decision,
      by: request.by.username,
      reason: request.reason?.trim() || null,
      at: now(),
    } as RecordedDecision;
    this.view.decisions.push(decision);
    this.record(`${step}_${request.decision}`, request.by, decision.reason ?? undefined);
    this.pendingDecision = decision;
  }

  /** Takes the decision an Update recorded, once. */
  takeDecision(): RecordedDecision | undefined {
    const decision = this.pendingDecision;
    this.pendingDecision = undefined;
    return decision;
  }

  hasPendingDecision(): boolean {
    return this.pendingDecision !== undefined;
  }

  refuse(message: string): never {
    throw ApplicationFailure.create({
      type: INVALID_STATE,
      message,
      details: [this.status],
      nonRetryable: true,
    });
  }
}

// Workflow time: deterministic on replay.
function now(): string {
  return new Date().toISOString();
}
