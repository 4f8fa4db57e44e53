import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, QueryNotRegisteredError, ServiceError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { QueryDefinition } from '@temporalio/common';
import { ukToday } from '../../../../libs/domain/src/dates';
import {
  assessAdministrativeVariation,
  assessCourtVariation,
  outcomeOf,
  withoutRestatements,
} from '../../../../libs/domain/src/rules';
import type { ServiceLevels } from '../../../../libs/domain/src/service-levels';
import { recordMismatches } from '../../../../libs/domain/src/order-record';
import { isFullBody, type Submission, type VariationRequest } from '../../../../libs/domain/src/types';
import {
  FINAL_STATUSES,
  type Route,
  type Status,
  type VariationView,
} from '../../../../libs/domain/src/variation';
import { recordUnavailable } from '../../../../libs/record/src/unavailable';
import {
  type OrderHolder,
  type RecordedVariation,
  VariationRecords,
} from '../../../../libs/record/src/variation-records';
import { assertInPdu } from '../../../../libs/security/src/pdu-scope';
import { crnDigest } from '../../../../libs/security/src/crn-digest';
import type { StaffUser } from '../../../../libs/security/src/staff-user';
import { courtVariationWorkflow } from '../../../../workflows/court-variation.workflow';
import {
  type Acting,
  type ActionDefinition,
  type ActionOutcome,
  actionOutcomeQuery,
  type EmsEvent,
  emsEventSignal,
  emsEventTakenQuery,
  INVALID_STATE,
  requestHashQuery,
  type VariationInput,
  viewQuery,
} from '../../../../workflows/messages';
import {
  CrnDigest,
  PduCode,
  startingSearchAttributes,
  VariationRoute,
  VariationStatus,
} from '../../../../workflows/search-attributes';
import { submittedView } from '../../../../workflows/submitted';
import { variationWorkflow } from '../../../../workflows/variation.workflow';
import type { ApiSettings } from '../api-settings';
import { type OrderAsItStands, OrdersService } from '../orders/orders.service';
import { fromRecord } from './record-unavailable';
import { refusalToHttp } from './temporal-errors';
import { readBack, refusedForAStateLeft } from './action-outcome';

export const SERVICE_LEVELS = Symbol('SERVICE_LEVELS');

/** How long a request waits for Temporal before answering 503. */
const REQUEST_DEADLINE_MS = 15_000;
const QUERY_RETRY_MS = 250;
/** A claim older than this whose workflow never started is stranded: four times a start's deadline. */
const STRANDED_CLAIM_MS = 4 * REQUEST_DEADLINE_MS;

export interface Submitted {
  view: VariationView;
  /** True when an Idempotency-Key matched an earlier submission of the same body. */
  replayed: boolean;
  /** A new variation's order (its keyed hash) and the variation whose curfew it varies, for the audit. */
  varies?: { orderDigest: string; from?: string };
}

/** Talks to the variation workflows: starts them, asks them, and passes actions and events to them as signals. */
@Injectable()
export class VariationsService {
  private readonly logger = new Logger(VariationsService.name);

  constructor(
    @Inject(Client) private readonly temporal: Client,
    private readonly config: ConfigService<ApiSettings, true>,
    @Inject(SERVICE_LEVELS) private readonly serviceLevels: ServiceLevels,
    private readonly records: VariationRecords,
    private readonly orders: OrdersService,
  ) {}

  /**
   * Starts either route for the order named, from its curfew as it stands (R18), once the rules allow
   * it (422 citing them otherwise) and no other variation of the order is open (409). The order is
   * claimed in the record before the workflow starts, so of two submissions at once only one starts.
   */
  async submit(
    route: Route,
    submission: Submission,
    user: StaffUser,
    idempotencyKey?: string,
  ): Promise<Submitted> {
    const requestHash = sha256(`${route}\n${canonicalJson(submission)}`);
    // Keyed submissions get an id derived from who sent the key, so a retry finds the same workflow.
    const id = idempotencyKey
      ? idempotentId(this.config.get('CRN_LOOKUP_SECRET', { infer: true }), user.username, idempotencyKey)
      : randomUUID();
    // A retry finds what the first call made before the rules are judged again: by then the
    // effective date may have passed, and the answer must still be the same variation.
    if (idempotencyKey) {
      const earlier = await this.replay(id, requestHash);
      if (earlier) return earlier;
    }

    const { request, standing } = await this.fromTheRecord(submission, user);
    const { orderDigest, lastVersion } = standing;
    const hoursPolicy = this.config.get('VARIATION_HOURS_POLICY', { infer: true });
    const assess = route === 'COURT' ? assessCourtVariation : assessAdministrativeVariation;
    const lastEffectiveFrom = lastVersion?.effectiveFrom;
    const outcome = outcomeOf(
      assess(request, { today: ukToday(new Date()), hoursPolicy, lastEffectiveFrom }),
    );
    if (outcome) throw new UnprocessableEntityException(outcome);

    const submittedAt = new Date();
    const varied = { ...request, change: withoutRestatements(request.change, request.curfew) };
    const input: VariationInput = {
      id,
      request: varied,
      submittedBy: staff(user),
      submittedAt: submittedAt.toISOString(),
      requestHash,
      hoursPolicy,
      serviceLevels: this.serviceLevels,
      orderDigest,
      ...(lastEffectiveFrom && { lastEffectiveFrom }),
    };
    const view = submittedView(input, route, submittedAt);
    const personDigest = crnDigest(request.person.crn, this.config.get('CRN_LOOKUP_SECRET', { infer: true }));
    await this.claim(view, personDigest, orderDigest);
    try {
      await this.temporal.workflow.start(route === 'COURT' ? courtVariationWorkflow : variationWorkflow, {
        workflowId: workflowId(id),
        taskQueue: this.config.get('TEMPORAL_TASK_QUEUE', { infer: true }),
        args: [input],
        typedSearchAttributes: [
          { key: PduCode, value: request.practitioner.pduCode },
          { key: VariationRoute, value: route },
          ...startingSearchAttributes(route, varied, this.serviceLevels, submittedAt),
          { key: CrnDigest, value: personDigest },
        ],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      // Two calls with the same key at once: the second finds the first's workflow. Any other
      // failure leaves the claim; a later submission frees it once it is plainly stranded.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError && idempotencyKey)) throw error;
      return (await this.replay(id, requestHash))!;
    }
    // The workflow starts from this same view (submitted.ts), so the answer need not wait for it.
    return { view, replayed: false, varies: { orderDigest, from: lastVersion?.variationId } };
  }

  /**
   * The request as the record has it (R18): the person, the order and its curfew as it stands, with
   * the submission's change. A full body must agree with the record: 422 RECORD_MISMATCH naming each
   * field that does not, with what the record says.
   */
  private async fromTheRecord(
    submission: Submission,
    user: StaffUser,
  ): Promise<{ request: VariationRequest; standing: OrderAsItStands }> {
    const crn = isFullBody(submission) ? submission.person.crn : submission.order.crn;
    const standing = await this.orders.orderAsItStands(user, crn, submission.order.eventNumber);
    if (isFullBody(submission)) {
      const fields = recordMismatches(submission, standing);
      if (fields.length > 0)
        throw new UnprocessableEntityException({
          error: 'RECORD_MISMATCH',
          fields,
          messages: fields.map(
            ({ field }) =>
              `${field} is not what the record says (R18: the order and its curfew come from nDelius and this service's completed variations). Send what it says, or leave person, order details and curfew out and name the order.`,
          ),
        });
    }
    const { person, order, curfew } = standing;
    const { practitioner, change, consent, addressChecks } = submission;
    const request = {
      person,
      order,
      curfew,
      practitioner,
      change,
      consent,
      ...(addressChecks && { addressChecks }),
    };
    return { request, standing };
  }

  /**
   * Takes the order for this variation in the record (R18), or 409 naming the open one. A claim whose
   * workflow never started (the api died between the two, or Temporal refused the start) is freed by
   * the next submission for the order once it is older than any start could take.
   */
  private async claim(view: VariationView, personDigest: string, orderDigest: string): Promise<void> {
    const entry = { view, version: 0 as const, crnDigest: personDigest, orderDigest };
    for (let attempt = 0; ; attempt++) {
      const claim = await fromRecord(() => this.records.claim(entry));
      if (claim.claimed) return;
      if ('closed' in claim)
        throw new UnprocessableEntityException({
          error: 'IDEMPOTENCY_KEY_REUSED',
          messages: [`This Idempotency-Key already made variation ${view.id}, which has ended`],
        });
      const holder = claim.heldBy;
      if (attempt === 0 && (await this.stranded(holder))) {
        if (await fromRecord(() => this.records.releaseClaim(holder.id)))
          this.logger.warn(
            { variationId: holder.id },
            'Freed an order from a claim whose workflow never started',
          );
        continue;
      }
      throw new ConflictException({
        error: 'VARIATION_IN_PROGRESS',
        variationId: holder.id,
        message: `Variation ${holder.id} of this order is still open (R18: one variation at a time per order). Withdraw it, or wait until it has ended.`,
      });
    }
  }

  /** A claim no workflow ever published, older than a start can take, with no workflow in Temporal. */
  private async stranded(holder: OrderHolder): Promise<boolean> {
    if (holder.version > 0 || Date.now() - holder.recordedAt.getTime() < STRANDED_CLAIM_MS) return false;
    try {
      await this.temporal.workflow.getHandle(workflowId(holder.id)).describe();
      return false;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return true;
      throw error;
    }
  }

  /** The variation an Idempotency-Key already made, if any; 422 when it was made from another body. */
  private async replay(id: string, requestHash: string): Promise<Submitted | undefined> {
    const original = await this.ask(id, requestHashQuery).catch((error: unknown) => {
      if (error instanceof NotFoundException) return undefined; // the key's first use
      throw error;
    });
    if (original === undefined) return undefined;
    if (original !== requestHash) {
      throw new UnprocessableEntityException({
        error: 'IDEMPOTENCY_KEY_REUSED',
        messages: ['This Idempotency-Key was already used for a different request'],
      });
    }
    return { view: await this.view(id), replayed: true };
  }

  /**
   * A closed variation as the record keeps it, for years after Temporal has deleted its history; an
   * open one as its workflow sees it now (the record may be a moment behind). While the record's
   * database is away, the workflow answers for any variation it still holds.
   */
  async view(id: string): Promise<VariationView> {
    const recorded = await this.recorded(id);
    if (recorded && !recorded.open) return recorded.view;
    try {
      return await this.ask(id, viewQuery);
    } catch (error) {
      if (error instanceof NotFoundException && recorded) return recorded.view;
      throw error;
    }
  }

  /**
   * The variation, for this user: 403 outside their PDUs (api.md), or when nDelius keeps them out of
   * the person's case.
   */
  async viewFor(user: StaffUser, id: string): Promise<VariationView> {
    const view = await this.view(id);
    assertInPdu(user, view.practitioner.pduCode);
    await this.orders.assertMaySee(user, view.person.crn);
    return view;
  }

  /**
   * The same checks before an action, read from the record (which holds every variation from its
   * submission on), or from the workflow while the record's database is away.
   */
  async assertMayAct(user: StaffUser, id: string): Promise<void> {
    const recorded = await this.recorded(id);
    const { practitioner, person } = recorded?.view ?? (await this.ask(id, viewQuery));
    assertInPdu(user, practitioner.pduCode);
    await this.orders.assertMaySee(user, person.crn);
  }

  private async recorded(id: string): Promise<RecordedVariation | undefined> {
    try {
      return await this.records.find(id);
    } catch (error) {
      if (!recordUnavailable(error)) throw error;
      this.logger.warn({ variationId: id }, "The record's database is away: the workflow answers");
      return undefined;
    }
  }

  /** Asks the variation a query; 404 when there is none, 503 when the worker cannot answer in time. */
  private async ask<T, A extends unknown[]>(
    id: string,
    query: QueryDefinition<T, A>,
    ...args: A
  ): Promise<T> {
    const handle = this.temporal.workflow.getHandle(workflowId(id));
    try {
      return await this.temporal.withDeadline(Date.now() + REQUEST_DEADLINE_MS, async () => {
        for (;;) {
          try {
            return await handle.query(query, ...args);
          } catch (error) {
            // Asked again until the deadline, after which the caller gets a 503 to try later.
            if (!passingQueryFailure(error)) throw error;
            await new Promise((resolve) => setTimeout(resolve, QUERY_RETRY_MS));
          }
        }
      });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(id);
      // Our queries are always registered: this is the worker failing to run the variation at all
      // (e.g. a nondeterminism error, or a worker older than the query). Nothing is lost, but it
      // needs an operator and a fix.
      if (error instanceof QueryNotRegisteredError) {
        this.logger.error({ variationId: id, reason: error.message }, 'A variation cannot be read');
        throw new VariationUnreadable(id);
      }
      throw error;
    }
  }

  /**
   * Passes on an EMS provider's event as a signal: recorded once the server has it (api.md: 204, and
   * 204 again for a redelivery, which the variation takes no second time, even after it has ended; one
   * it cannot take, before its notice, it leaves). 404 for a variation that never was, 409 for a new
   * event to one that has ended. The status is read from the server (a search attribute), not from the
   * worker; only an event to an ended variation asks the worker whether it is a redelivery.
   */
  async signalEmsEvent(id: string, event: EmsEvent): Promise<void> {
    const handle = this.temporal.workflow.getHandle(workflowId(id));
    const status = async () => {
      try {
        const { typedSearchAttributes } = await handle.describe();
        return typedSearchAttributes.get(VariationStatus) as Status;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw notFound(id);
        throw error;
      }
    };
    // A delivery the variation took before it ended is a redelivery, and gets its 204 again.
    const endedUnlessTaken = async (now: Status) => {
      if (event.webhookId && (await this.ask(id, emsEventTakenQuery, event.webhookId))) return;
      throw ended(now);
    };
    const now = await status();
    if (FINAL_STATUSES.includes(now)) return endedUnlessTaken(now);
    try {
      await this.temporal.withDeadline(Date.now() + REQUEST_DEADLINE_MS, () =>
        handle.signal(emsEventSignal, event),
      );
    } catch (error) {
      // Ended since it was read: a closed workflow takes no signals, and the server calls it "not found".
      if (error instanceof WorkflowNotFoundError) return endedUnlessTaken(await status());
      throw error;
    }
  }

  /**
   * Sends a person's action to the variation as a signal with a request id, and answers with the
   * outcome the workflow records for it: the new view, or its refusal as 409, 403, 422 or 400. A
   * signal is in history once sent, so an action survives any worker; one the workers cannot take
   * within the deadline is still taken later, and the caller gets 503 meanwhile. The same
   * Idempotency-Key (from the same user, for the same action) gives the same request id: a retry
   * reads the first call's outcome instead of acting again.
   */
  async act<A extends Acting>(
    id: string,
    action: ActionDefinition<A>,
    args: A,
    idempotencyKey?: string,
  ): Promise<VariationView> {
    const request = this.actionRequest(action, args, idempotencyKey);
    const deadline = Date.now() + REQUEST_DEADLINE_MS;
    const handle = this.temporal.workflow.getHandle(workflowId(id));
    try {
      // Sent even when the key was used before: the variation takes a request id once, and this
      // needs no worker, so the action is kept while none runs.
      await this.temporal.withDeadline(deadline, () => handle.signal(action, request));
    } catch (error) {
      // A variation that has ended takes no more actions; the server calls it "not found". A retry
      // of one it took before it ended still gets that answer.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const earlier = idempotencyKey && (await this.answered(id, action, args, idempotencyKey));
      if (earlier) return earlier;
      const { status } = await this.view(id);
      throw new ConflictException({ error: INVALID_STATE, status, message: `The variation is ${status}` });
    }
    // Read back once the variation has taken it and moved on: usually the first read.
    const read = await this.temporal.withDeadline(deadline, () =>
      readBack(handle, action, request, deadline, (requestId) => this.ask(id, actionOutcomeQuery, requestId)),
    );
    if (read) return answer(read.outcome, read.view, request.requestHash);
    throw new ActionPending(id);
  }

  /**
   * The answer an earlier call with this Idempotency-Key got, if the variation has taken or refused
   * it: the view, or the refusal thrown; 422 IDEMPOTENCY_KEY_REUSED when it was another request.
   */
  async answered<A extends Acting>(
    id: string,
    action: ActionDefinition<A>,
    args: A,
    idempotencyKey: string,
  ): Promise<VariationView | undefined> {
    const { requestId, requestHash } = this.actionRequest(action, args, idempotencyKey);
    let { outcome, view } = await this.ask(id, actionOutcomeQuery, requestId);
    if (outcome && refusedForAStateLeft(outcome, view))
      ({ outcome, view } = await this.ask(id, actionOutcomeQuery, `${requestId}/again`));
    return outcome ? answer(outcome, view, requestHash) : undefined;
  }

  /** The same key from the same user for the same action is the same request (an HMAC, as for submissions). */
  private actionRequest<A extends Acting>(action: ActionDefinition<A>, args: A, idempotencyKey?: string) {
    const secret = this.config.get('CRN_LOOKUP_SECRET', { infer: true });
    const requestId = idempotencyKey
      ? idempotentId(secret, `${args.by.username}\n${action.name}`, idempotencyKey)
      : randomUUID();
    return { requestId, requestHash: sha256(`${action.name}\n${canonicalJson(args)}`), args };
  }
}

/** The answer for an action's recorded outcome (api.md): its view, or its refusal as HTTP. */
function answer(outcome: ActionOutcome, view: VariationView, requestHash: string): VariationView {
  if (outcome.requestHash !== requestHash) {
    throw new UnprocessableEntityException({
      error: 'IDEMPOTENCY_KEY_REUSED',
      messages: ['This Idempotency-Key was already used for a different request'],
    });
  }
  if (!outcome.taken) throw refusalToHttp(outcome.refusal);
  return view;
}

export const workflowId = (id: string) => `variation-${id}`;

const GRPC_CANCELLED = 1;
const GRPC_FAILED_PRECONDITION = 9;

/**
 * A query that may well answer if asked again: the server cancelled it while shutting down, or the
 * workflow's last task failed and is being retried.
 */
function passingQueryFailure(error: unknown): boolean {
  const code =
    error instanceof ServiceError ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return code === GRPC_CANCELLED || code === GRPC_FAILED_PRECONDITION;
}

/** 503: the worker cannot run this variation until a fault is put right; others are unaffected. */
export class VariationUnreadable extends ServiceUnavailableException {
  constructor(id: string) {
    super({
      error: 'VARIATION_UNREADABLE',
      message: `Variation ${id} cannot be read just now. Nothing is lost; the fault is logged for the service's operators.`,
    });
  }
}

/** 503: the action is in the variation's history, and is taken once a worker runs it. */
export class ActionPending extends ServiceUnavailableException {
  constructor(id: string) {
    super({
      error: 'ACTION_PENDING',
      message: `Variation ${id} has your action but has not taken it yet. Nothing is lost: send the same request again with the same Idempotency-Key to see its outcome.`,
    });
  }
}

const ended = (status: Status) =>
  new ConflictException({
    error: INVALID_STATE,
    status,
    message: `The variation has ended (${status}): it takes no more EMS events`,
  });

const notFound = (id: string) =>
  new NotFoundException({ error: 'NOT_FOUND', message: `There is no variation ${id}` });

/** Only what the workflow needs to know about who acted; never the token. */
export const staff = (user: StaffUser) => ({ username: user.username, name: user.name, roles: user.roles });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The variation id for a keyed submission: a UUID (version 8 layout), the same for the same sender
 * and key. Keyed with a secret (HMAC), so whatever the client put in the key (a CRN and a date, say)
 * cannot be recovered from the workflow id by trying guesses (R17). Under the CRN lookup secret, told
 * apart from the CRN digest by its prefix.
 */
export function idempotentId(secret: string, username: string, key: string): string {
  const hex = createHmac('sha256', secret)
    .update(`idempotency-key\n${username}\n${key}`)
    .digest('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** JSON with sorted keys, so the same body in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * R17: which order a variation varies, from what to what, without personal data: the order's keyed
 * hash, the variation whose curfew it starts from (the record holds both curfews), and what changes.
 */
export function whatItVaries(view: VariationView, varies: { orderDigest: string; from?: string }): string {
  const changes = [view.change.periods && 'hours', view.change.address && 'address']
    .filter(Boolean)
    .join(' and ');
  const from = varies.from ? `the curfew variation ${varies.from} left` : 'its curfew requirement in nDelius';
  return `varies order ${varies.orderDigest.slice(0, 16)} from ${from}: its ${changes}`;
}
