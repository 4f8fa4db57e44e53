import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditSink } from '../../../../libs/audit/src/audit';
import { formatDate } from '../../../../libs/domain/src/dates';
import {
  curfewAsItStands,
  type OrderVersion,
  type RecordedOrder,
} from '../../../../libs/domain/src/order-record';
import type { Curfew } from '../../../../libs/domain/src/types';
import {
  NDeliusClient,
  NDeliusRefused,
  NDeliusUnavailable,
} from '../../../../libs/ndelius/src/ndelius-client';
import type { NDeliusCase, NDeliusOrder } from '../../../../libs/ndelius/src/ndelius-case';
import { VariationRecords } from '../../../../libs/record/src/variation-records';
import { crnDigest, orderDigest } from '../../../../libs/security/src/crn-digest';
import type { StaffUser } from '../../../../libs/security/src/staff-user';
import type { ApiSettings } from '../api-settings';
import { fromRecord } from '../variations/record-unavailable';

/** How many people a list asks nDelius about at once. */
const ACCESS_CHECKS_AT_ONCE = 8;

/** One order as it stands (R18): the record's person, order and curfew, and its last version if any. */
export interface OrderAsItStands extends RecordedOrder {
  orderDigest: string;
  lastVersion?: OrderVersion;
}

/**
 * The person and their orders from nDelius, and each order's curfew as it stands from the record
 * (api.md, "The order and its curfew come from the record"). Every read checks first that nDelius
 * lets the user see the person, and is audited (R17) under the CRN's keyed hash, never the CRN.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly nDelius: NDeliusClient,
    private readonly records: VariationRecords,
    private readonly audit: AuditSink,
    private readonly config: ConfigService<ApiSettings, true>,
  ) {}

  /** 403 with nDelius's message for a user excluded from or restricted out of this person's case. */
  async assertMaySee(user: StaffUser, crn: string): Promise<void> {
    const refusal = await this.refusalFor(user, crn);
    if (refusal !== undefined)
      throw new ForbiddenException({
        error: 'NO_ACCESS_TO_CASE',
        message: refusal ?? 'nDelius does not let you see this case',
      });
  }

  private async maySee(user: StaffUser, crn: string): Promise<boolean> {
    return (await this.refusalFor(user, crn)) === undefined;
  }

  /** nDelius's message (or null) when the user is excluded or restricted; undefined when they may see. */
  private async refusalFor(user: StaffUser, crn: string): Promise<string | null | undefined> {
    const access = await fromNDelius(() => this.nDelius.accessOf(user.username, crn));
    this.audited(user, crn, 'nDelius access check');
    // A person nDelius does not have is excluded from nobody (a search for them finds nothing).
    if (access?.userExcluded) return access.exclusionMessage;
    if (access?.userRestricted) return access.restrictionMessage;
    return undefined;
  }

  /**
   * The rows of a list about people the user may see: a person nDelius keeps them from is left out,
   * as every other read about that person is refused (each person asked once, a few at a time).
   */
  async visibleTo<T extends { person: { crn: string } }>(user: StaffUser, rows: T[]): Promise<T[]> {
    const crns = [...new Set(rows.map((row) => row.person.crn))];
    const hidden = new Set<string>();
    for (let i = 0; i < crns.length; i += ACCESS_CHECKS_AT_ONCE)
      await Promise.all(
        crns.slice(i, i + ACCESS_CHECKS_AT_ONCE).map(async (crn) => {
          if (!(await this.maySee(user, crn))) hidden.add(crn);
        }),
      );
    return rows.filter((row) => !hidden.has(row.person.crn));
  }

  /** The person and their orders, once the user may see them; 422 NOT_IN_NDELIUS for an unknown CRN. */
  async caseOf(user: StaffUser, crn: string): Promise<NDeliusCase> {
    const found = await fromNDelius(() => this.nDelius.caseOf(crn));
    this.audited(user, crn, 'nDelius case read');
    if (!found) throw notInNDelius(`nDelius has no person with CRN ${crn}. Check the CRN.`);
    // Nothing of the case leaves this service before nDelius says the user may see it.
    await this.assertMaySee(user, crn);
    return found;
  }

  /**
   * The order named (or the person's one order with a curfew requirement) with its curfew as it
   * stands. 400 naming order.eventNumber when the person has several; 422 NOT_IN_NDELIUS for an
   * order nDelius does not have or one without a curfew; 422 RECORD_CONFLICT when nDelius and our last
   * version disagree.
   */
  async orderAsItStands(user: StaffUser, crn: string, eventNumber?: number): Promise<OrderAsItStands> {
    const found = await this.caseOf(user, crn);
    const order = chooseOrder(found, eventNumber);
    const digest = orderDigest(crn, order.eventNumber, this.config.get('CRN_LOOKUP_SECRET', { infer: true }));
    const lastVersion = await fromRecord(() => this.records.lastVersionOf(digest));
    const { curfew: inNDelius, ...rest } = order;
    const standing = curfewAsItStands(inNDelius!, lastVersion);
    if (standing.conflict) throw recordConflict(inNDelius!, standing.conflict.lastVersion);
    return {
      person: {
        crn: found.crn,
        firstName: found.name.forename,
        lastName: found.name.surname,
        dateOfBirth: found.dateOfBirth,
      },
      order: rest,
      curfew: standing.curfew,
      orderDigest: digest,
      lastVersion,
    };
  }

  private audited(user: StaffUser, crn: string, why: string): void {
    const secret = this.config.get('CRN_LOOKUP_SECRET', { infer: true });
    this.audit.record({ who: user.username, what: 'VIEW', person: crnDigest(crn, secret), why });
  }
}

function chooseOrder(found: NDeliusCase, eventNumber: number | undefined): NDeliusOrder {
  if (eventNumber !== undefined) {
    const order = found.orders.find((candidate) => candidate.eventNumber === eventNumber);
    if (!order) throw notInNDelius(`nDelius has no order with event number ${eventNumber} for ${found.crn}.`);
    if (!order.curfew)
      throw notInNDelius(
        `Order ${eventNumber} of ${found.crn} has no curfew requirement in nDelius to vary.`,
      );
    return order;
  }
  const withCurfew = found.orders.filter((order) => order.curfew);
  if (withCurfew.length === 1) return withCurfew[0];
  if (withCurfew.length === 0)
    throw notInNDelius(`${found.crn} has no order with a curfew requirement in nDelius to vary.`);
  const events = withCurfew.map((order) => order.eventNumber).join(', ');
  const message = `order.eventNumber: ${found.crn} has ${withCurfew.length} orders with a curfew requirement (events ${events}); name the one to vary`;
  throw new BadRequestException({
    error: 'INVALID_REQUEST',
    fields: [{ field: 'order.eventNumber', messages: [message] }],
    messages: [message],
  });
}

const notInNDelius = (message: string) =>
  new UnprocessableEntityException({ error: 'NOT_IN_NDELIUS', messages: [message] });

function recordConflict(inNDelius: Curfew, last: OrderVersion): UnprocessableEntityException {
  const terms = (curfew: Curfew) =>
    `${curfew.periods.map((p) => `${p.day} ${p.start}-${p.end}`).join(', ')} at ${curfew.address.line1}, ${curfew.address.postcode}`;
  return new UnprocessableEntityException({
    error: 'RECORD_CONFLICT',
    messages: [
      `nDelius and this service disagree about the curfew (R18): it was changed elsewhere since the variation completed on ${formatDate(last.completedAt.slice(0, 10))}.`,
      `nDelius: ${terms(inNDelius)}.`,
      `This service's last variation (${last.variationId}) left: ${terms(last.after)}, changed from ${terms(last.before)}.`,
      'Bring nDelius and this service into agreement (docs/operations.md, "When nDelius has moved on") before varying the order.',
    ],
    nDelius: inNDelius,
    lastVariation: { id: last.variationId, before: last.before, after: last.after },
  });
}

/** nDelius away: a 503 (Retry-After is set for every 503); a refusal of what we asked: no such case. */
async function fromNDelius<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NDeliusUnavailable)
      throw new ServiceUnavailableException({
        error: 'SERVICE_UNAVAILABLE',
        message: 'nDelius is not answering. Nothing was started; try again in a few seconds.',
      });
    if (error instanceof NDeliusRefused)
      throw notInNDelius(`nDelius would not read this case (it answered ${error.status}).`);
    throw error;
  }
}
