// The state of one variation inside its workflow: what it is, where it is, and everything that happened.
// The checks on people's actions live here: a refused action changes nothing (architecture.md).
import { ApplicationFailure, log, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { CLOCK_SKEW_MS, ukToday } from '../libs/domain/src/dates';
import {
  assessAdministrativeVariation,
  assessCourtVariation,
  checkAmendedConsent,
  outcomeOf,
  sameAddress,
  withoutRestatements,
} from '../libs/domain/src/rules';
import {
  type AddressChecks,
  addressChecksNeeded,
  type Change,
  type RuleBreach,
  type VariationRequest,
} from '../libs/domain/src/types';
import {
  type Actor,
  type DecisionRequest,
  type DecisionStep,
  FINAL_STATUSES,
  ROLES,
  type RecordedDecision,
  type Route,
  type Status,
  type VariationView,
  WITHDRAWABLE_STATUSES,
  checksRecordable,
  courtApplicable,
  courtGrantStands,
} from '../libs/domain/src/variation';
import {
  type Acting,
  type ActionOutcome,
  type Amendment,
  type EmsEvent,
  FORBIDDEN,
  INVALID_STATE,
  REASON_REQUIRED,
  RULES_BROKEN,
  type VariationInput,
} from './messages';
import { DueBy, ServiceLevelDueAt, VariationStatus } from './search-attributes';
import { submittedView } from './submitted';

/** R13: which role decides which step, and the status in which that step waits. */
const STEPS: Record<DecisionStep, { role: string; awaiting: Status }> = {
  TRIAGE: { role: ROLES.spo, awaiting: 'AWAITING_TRIAGE' },
  APPROVAL: { role: ROLES.pduHead, awaiting: 'AWAITING_APPROVAL' },
};

export class VariationRecord {
  readonly view: VariationView;
  /** Set by a person's action, taken by the workflow's main line. */
  decision?: RecordedDecision;
  amended = false;
  withdrawal?: { reason: string; by: Actor };
  rebookRequested = false;
  /** The practitioner applied to the court again after a failed visit (court route). */
  backToCourt = false;
  /** R14: every recipient has the Variation Notice. */
  noticesSent = false;
  popInformed?: { informedAt: string; method: string; by: Actor };
  /**
   * How many times it has changed (its status, or its timeline), the submission first: the version
   * the record keeps it under (record-keeping.ts).
   */
  changes = 1;
  /** Messages still being sent; the workflow waits for them before it ends. */
  readonly sending: Promise<void>[] = [];
  /** What became of each person's action, by request id: the api reads it back (handlers.ts). */
  readonly outcomes = new Map<string, ActionOutcome>();
  /** The webhook-ids of the EMS provider's deliveries taken so far: a redelivery is not taken again. */
  private readonly webhooksTaken: string[] = [];
  /** R16: the service level of the step waited in, and how far it has run. */
  serviceLevel: { remindAt: Date; escalateAt: Date; reached: 'NONE' | 'REMINDED' | 'ESCALATED' } | null =
    null;
  /** The search attributes as last written: at first, as the variation was started with them. */
  private indexed = indexKey(
    workflowInfo().typedSearchAttributes.get(VariationStatus),
    workflowInfo().typedSearchAttributes.get(DueBy),
    workflowInfo().typedSearchAttributes.get(ServiceLevelDueAt),
  );
  /** Visit reports from before the latest request are for an earlier visit (webhooks arrive late). */
  private visitRequestedAt = '';
  /** Until the first step has started. */
  private submittedAt?: Date;

  constructor(
    readonly input: VariationInput,
    route: Route,
  ) {
    // It starts exactly as the api answered the submission (submitted.ts). A variation started before
    // the api gave its submission time starts at the workflow's first task instead, as it always did.
    this.submittedAt = new Date(input.submittedAt ?? now());
    this.view = submittedView(input, route, this.submittedAt);
  }

  /** When the step about to be waited in started: the first one at submission, any later one now. */
  stepStart(): Date {
    const start = this.submittedAt ?? new Date();
    this.submittedAt = undefined;
    return start;
  }

  get status(): Status {
    return this.view.status;
  }

  get isFinal(): boolean {
    return FINAL_STATUSES.includes(this.status);
  }

  get isMonitored(): boolean {
    return this.view.curfew.electronicallyMonitored;
  }

  /** Moves to a status, with the service level of the step if it has one (R16). */
  moveTo(status: Status, serviceLevel: { remindAt: Date; escalateAt: Date } | null = null): void {
    this.changes++;
    this.view.status = status;
    this.view.dueBy = serviceLevel ? ukToday(serviceLevel.remindAt) : null;
    this.serviceLevel = serviceLevel && { ...serviceLevel, reached: 'NONE' };
    this.index();
  }

  /** When the sweep should next look at this variation: its reminder, then its escalation. */
  get serviceLevelDueAt(): Date | null {
    const level = this.serviceLevel;
    if (!level || level.reached === 'ESCALATED') return null;
    return level.reached === 'NONE' ? level.remindAt : level.escalateAt;
  }

  /**
   * The step waited in is done, though the variation may stay in its status a while (a notice still
   * being retried, nDelius away): its service level no longer runs. The search attributes are left
   * as they are, costing nothing unless a sweep finds the variation, which clears them then.
   */
  stepDone(): void {
    this.serviceLevel = null;
    this.view.dueBy = null;
  }

  /** The search attributes follow the state, written only when they change (each write is history). */
  index(): void {
    const dueAt = this.serviceLevelDueAt;
    const indexed = indexKey(this.status, this.serviceLevel?.remindAt, dueAt);
    if (indexed === this.indexed) return;
    this.indexed = indexed;
    upsertSearchAttributes([
      { key: VariationStatus, value: this.status },
      { key: DueBy, value: this.serviceLevel?.remindAt ?? null },
      { key: ServiceLevelDueAt, value: dueAt },
    ]);
  }

  end(status: Status, by: Actor | null = null, note?: string): VariationView {
    this.moveTo(status);
    this.record(status, by, note);
    return this.view;
  }

  record(event: string, by: Actor | null, note?: string): void {
    this.changes++;
    this.view.timeline.push({ at: now(), event, by: by?.username ?? null, ...(note ? { note } : {}) });
  }

  // --- Checks (R9) -------------------------------------------------------------------------------

  /** A new address needs safeguarding, domestic abuse and householder checks before triage. */
  get needsAddressChecks(): boolean {
    return addressChecksNeeded(this.view.change, this.view.addressChecks);
  }

  /** R9: the recorded householder check says no consent to the new address. */
  get householderRefused(): boolean {
    return !!this.view.change.address && this.view.addressChecks?.householder?.consented === false;
  }

  assertCanRecordChecks({ by }: { by: Actor }): void {
    requireRole(by, ROLES.practitioner, 'record address checks');
    if (!this.view.change.address)
      this.refuse('This variation does not change the address: it needs no checks (R9)');
    if (!checksRecordable(this.view)) {
      this.refuse(`The variation is ${this.status}: address checks can no longer be recorded`);
    }
  }

  recordChecks(checks: AddressChecks, by: Actor): void {
    this.view.addressChecks = { ...this.view.addressChecks, ...checks };
    this.record('CHECKS_RECORDED', by, concernsIn(checks));
  }

  // --- Decisions (R13) ---------------------------------------------------------------------------

  /** The step must be the one waiting and undecided, and the actor must hold its role. */
  assertCanDecide(step: DecisionStep, request: DecisionRequest<string>): void {
    requireRole(request.by, STEPS[step].role, `decide ${step.toLowerCase()}`);
    if (this.status !== STEPS[step].awaiting || this.decision) {
      this.refuse(`The variation is ${this.status}: ${step.toLowerCase()} cannot be decided now`);
    }
    // R6 again at approval: after a slow round of checks and returns the date may have passed.
    if (request.decision === 'APPROVE' && this.view.change.effectiveFrom < ukToday(new Date())) {
      const message = `The variation would take effect on ${this.view.change.effectiveFrom}, which has passed: return it so the practitioner can set a new date (R6).`;
      throw ruleBroken('R6', message);
    }
    // R9: without the householder's consent the EMS provider cannot install at the new address.
    // Guarded (docs/operations.md): an approval taken before this release replays as it ran.
    if (
      step === 'APPROVAL' &&
      request.decision === 'APPROVE' &&
      this.householderRefused &&
      patched('r9-householder-consent-before-approval')
    ) {
      throw ruleBroken(
        'R9',
        'The householder at the new address has not consented, so the EMS provider cannot install there (R9). Return the variation: the practitioner can then record a new consent or amend the address.',
      );
    }
    if (request.decision !== 'ACCEPT' && request.decision !== 'APPROVE' && !request.reason?.trim()) {
      throw ApplicationFailure.create({
        type: REASON_REQUIRED,
        message: 'A reason is required to return or reject (R13)',
        nonRetryable: true,
      });
    }
  }

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
    this.decision = decision;
  }

  takeDecision(): RecordedDecision {
    const decision = this.decision!;
    this.decision = undefined;
    return decision;
  }

  /** R13: a refusal keeps its reason, and says the PoP may still apply to the court. */
  refused(reason: string, by: string, status: Status): VariationView {
    const schedule =
      this.view.order.type === 'SUSPENDED_SENTENCE_ORDER' ? 'Schedule 16' : 'Schedule 10 paragraph 18';
    this.view.refusal = {
      reason,
      by,
      at: now(),
      // After a refusal by the court itself, pointing the PoP to the court would mislead.
      nextSteps:
        status === 'REFUSED_BY_COURT'
          ? 'The court refused the variation: the curfew requirement continues as it was.'
          : `The person on probation may apply to the court to vary the order (Sentencing Code ${schedule}).`,
    };
    return this.end(status, null, reason);
  }

  // --- Amendment after a return -----------------------------------------------------------------

  /**
   * The amended change must pass the rules again, judged today under the policy of submission, with
   * the person's consent to it if it varies the curfew otherwise (R5).
   */
  assertCanAmend({ change, addressChecks, consent, by }: Amendment & Acting): void {
    requireRole(by, ROLES.practitioner, 'amend a variation');
    if (this.status !== 'RETURNED' || this.amended)
      this.refuse(`The variation is ${this.status}: it cannot be amended now`);
    this.assertWithinRules(
      assessAdministrativeVariation,
      {
        ...this.input.request,
        curfew: this.view.curfew,
        change,
        addressChecks,
        consent: consent ?? this.view.consent,
      },
      checkAmendedConsent(this.view.change, withoutRestatements(change, this.view.curfew), consent),
    );
  }

  amend({ change, addressChecks, consent, note, by }: Amendment & Acting): void {
    const varied = withoutRestatements(change, this.view.curfew);
    const { address } = this.view.change;
    const samePlace =
      varied.address && address ? sameAddress(varied.address, address) : !varied.address && !address;
    this.view.change = varied;
    // Checks belong to an address: a different address needs its own (R9).
    this.view.addressChecks = { ...(samePlace ? this.view.addressChecks : {}), ...addressChecks };
    if (consent) this.view.consent = consent;
    this.amended = true;
    this.record('AMENDED', by, note);
  }

  // --- Withdrawal -------------------------------------------------------------------------------

  assertCanWithdraw({ reason, by }: { reason: string; by: Actor }): void {
    requireRole(by, ROLES.practitioner, 'withdraw a variation');
    if (!WITHDRAWABLE_STATUSES.includes(this.status) || this.withdrawal) {
      this.refuse(`The variation is ${this.status}: it can no longer be withdrawn`);
    }
    // The court's order stands (domain.md, the court route). Guarded: a withdrawal taken before this
    // release replays as it ran.
    if (courtGrantStands(this.view) && patched('court-grant-stands')) {
      this.refuse(
        `The court granted this variation on ${this.grantedOn}: its order stands, so it cannot be withdrawn. Rebook the EMS visit, or apply to the court again.`,
      );
    }
    if (!reason?.trim()) this.refuse('A reason is required to withdraw');
  }

  // --- EMS (R15) --------------------------------------------------------------------------------

  /**
   * Applies an event whatever order it came in; a repeat of something already known changes nothing.
   * One the variation cannot take (before its notice, or not monitored) is logged and left.
   */
  takeEmsEvent(event: EmsEvent): void {
    const ems = this.view.ems;
    if (!ems || this.isFinal) {
      log.warn('EMS event for a variation not waiting for the EMS provider', {
        type: event.type,
        status: this.status,
      });
      return;
    }
    // A delivery taken before: after an amendment it could otherwise answer the new notice.
    if (event.webhookId) {
      if (this.hasTaken(event.webhookId)) return;
      this.webhooksTaken.push(event.webhookId);
    }
    // An answer about an earlier notice of this variation (before an amendment) is not about this one.
    if (event.type !== 'visit.completed' && !!ems.reference && event.reference !== ems.reference) return;
    if (event.type === 'variation.confirmed' && !ems.confirmedAt) {
      ems.reference ??= event.reference;
      ems.confirmedAt = event.occurredAt;
      this.record('EMS_CONFIRMED', null, `EMS reference ${event.reference}`);
    } else if (event.type === 'variation.rejected' && !ems.rejected && !ems.confirmedAt) {
      ems.rejected = { reason: event.reason, at: event.occurredAt };
      this.record('EMS_REJECTED', null, event.reason);
    } else if (
      event.type === 'visit.completed' &&
      !ems.visit &&
      !this.beforeLatestVisitRequest(event.occurredAt)
    ) {
      ems.visit = { outcome: event.outcome, at: event.occurredAt };
      this.record('EMS_VISIT_COMPLETED', null, event.outcome);
    }
  }

  /** Whether a delivery with this webhook-id has come before (api.md: a redelivery gets 204, with no second effect). */
  hasTaken(webhookId: string): boolean {
    return this.webhooksTaken.includes(webhookId);
  }

  /** Compared as instants: the provider may write its times in another offset. */
  private beforeLatestVisitRequest(occurredAt: string): boolean {
    return !!this.visitRequestedAt && Date.parse(occurredAt) < Date.parse(this.visitRequestedAt);
  }

  assertCanRebook({ by }: { by: Actor }): void {
    requireRole(by, ROLES.practitioner, 'rebook a visit');
    if (this.status !== 'EMS_VISIT_FAILED' || this.rebookRequested) {
      this.refuse(`The variation is ${this.status}: there is no failed visit to rebook`);
    }
  }

  /** A new visit: forget the failed one, and ignore late reports about it. */
  startNewVisit(): void {
    const ems = this.view.ems!;
    ems.visit = null;
    ems.visitsRequested += 1;
    this.visitRequestedAt = now();
    this.rebookRequested = false;
    // The rebook answers at once, not after the provider's answer to the visit request.
    this.moveTo('AWAITING_EMS_VISIT');
  }

  // --- Telling the PoP --------------------------------------------------------------------------

  assertCanRecordPopInformed({ informedAt, by }: { informedAt: string; by: Actor }): void {
    requireRole(by, ROLES.practitioner, 'record that the PoP was told');
    if (this.status !== 'AWAITING_POP_INFORMED' || this.popInformed) {
      this.refuse(`The variation is ${this.status}: the PoP cannot be told yet (R15)`);
    }
    if (!this.noticesSent)
      this.refuse('The Variation Notice has not reached everyone yet: the PoP cannot be told (R14)');
    // R15: told only after the notices and the EMS provider's steps, so not at a time before them:
    // when they reached the variation, by its own clock, not the provider's (whose may be fast). The
    // practitioner's clock may be a few minutes off it.
    const ready = this.view.timeline.filter((e) => READY_TO_TELL_AFTER.includes(e.event));
    const readyAt = Math.max(0, ...ready.map((e) => Date.parse(e.at)));
    if (Date.parse(informedAt) < readyAt - CLOCK_SKEW_MS) {
      const message = `The time the person on probation was told (informedAt) is before the notices and the EMS provider's steps were done, at ${new Date(readyAt).toISOString()}: they may be told only after them (R15).`;
      throw ruleBroken('R15', message);
    }
  }

  // --- The court route --------------------------------------------------------------------------

  assertCanLodge({ by }: { by: Actor }): void {
    requireRole(by, ROLES.practitioner, 'record a court application');
    // After a failed visit, back to the court that granted it. Guarded like the withdrawal above.
    const again = this.status === 'EMS_VISIT_FAILED' && !this.rebookRequested && !this.backToCourt;
    if (!(courtApplicable(this.view) && (!again || patched('court-route-back-to-court'))))
      this.refuse(`The variation is ${this.status}: it is not waiting for an application`);
  }

  /** The day of the court's grant that stands: the first. */
  private get grantedOn(): string {
    return this.view.timeline.find((event) => event.event === 'COURT_GRANTED')!.at.slice(0, 10);
  }

  assertCanRecordCourtDecision({
    decision,
    change,
    by,
  }: {
    decision: string;
    change?: Change;
    by: Actor;
  }): void {
    requireRole(by, ROLES.practitioner, 'record the court decision');
    if (this.status !== 'AWAITING_COURT_DECISION' || this.view.court?.decision) {
      this.refuse(`The variation is ${this.status}: it is not waiting for the court`);
    }
    if (decision !== 'GRANTED') return;
    // The court's terms must still make a lawful curfew (R12) and be a real change (R4).
    this.assertWithinRules(assessCourtVariation, {
      ...this.input.request,
      change: change ?? this.view.change,
    });
  }

  /** Judged today, under the hours policy in force when the variation was submitted (R7). */
  private assertWithinRules(
    assess: typeof assessCourtVariation,
    request: VariationRequest,
    alsoBroken: RuleBreach[] = [],
  ): void {
    const outcome = outcomeOf([
      ...assess(request, {
        today: ukToday(new Date()),
        hoursPolicy: this.input.hoursPolicy,
        lastEffectiveFrom: this.input.lastEffectiveFrom,
      }),
      ...alsoBroken,
    ]);
    if (outcome) {
      throw ApplicationFailure.create({
        type: RULES_BROKEN,
        message: outcome.messages.join(' '),
        details: [outcome],
        nonRetryable: true,
      });
    }
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

function requireRole(actor: Actor, role: string, what: string): void {
  if (!actor.roles.includes(role)) {
    throw ApplicationFailure.create({
      type: FORBIDDEN,
      message: `Only ${role} may ${what}`,
      nonRetryable: true,
    });
  }
}

function concernsIn(checks: AddressChecks): string | undefined {
  const notes = [
    checks.safeguarding?.outcome === 'CONCERNS' && 'safeguarding concerns',
    checks.domesticAbuse?.outcome === 'CONCERNS' && 'domestic abuse concerns',
    checks.householder?.consented === false && 'householder did not consent',
  ].filter(Boolean);
  return notes.length ? `For the SPO: ${notes.join('; ')}` : undefined;
}

/** A refusal citing one rule, as the api answers a breach of the rules (422). */
function ruleBroken(rule: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: RULES_BROKEN,
    message,
    details: [{ error: 'NOT_ELIGIBLE', rules: [rule], messages: [message] }],
    nonRetryable: true,
  });
}

/** The steps the PoP may be told only after (R14, R15), as the timeline records them. */
const READY_TO_TELL_AFTER = ['NOTICE_SENT', 'EMS_CONFIRMED', 'EMS_VISIT_COMPLETED'];

// Workflow time: deterministic on replay.
function now(): string {
  return new Date().toISOString();
}

/** The search attributes a variation's index() writes, as one comparable string. */
const indexKey = (
  status: string | undefined,
  dueBy: Date | null | undefined,
  dueAt: Date | null | undefined,
) => `${status}|${dueBy?.toISOString()}|${dueAt?.toISOString()}`;
