import { Injectable, NotFoundException } from '@nestjs/common';
import type { ActionDefinition } from '../../../../../workflows/messages';
import { AuditSink } from '../../../../../libs/audit/src/audit';
import type { ListVariationsQuery } from '../../../../../libs/contracts/src/list-variations.query';
import type { Submission } from '../../../../../libs/domain/src/types';
import type { Actor, Route, VariationView } from '../../../../../libs/domain/src/variation';
import { assertInPdu, pduScope } from '../../../../../libs/security/src/pdu-scope';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { VariationRecords } from '../../../../../libs/record/src/variation-records';
import { OrdersService } from '../../orders/orders.service';
import { fromRecord } from '../../variations/record-unavailable';
import { VariationListService } from '../../variations/variation-list.service';
import type { OrderLookup } from '../journey/journey-steps';
import { staff, VariationsService, whatItVaries } from '../../variations/variations.service';

const noSuchVariation = () =>
  new NotFoundException({ error: 'NOT_FOUND', message: 'There is no such variation' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The pages' door to the services the API uses, with the API's PDU scope (403) and R17 audit:
 * whatever a person does on a page is checked and recorded as if they had called the API.
 */
@Injectable()
export class StaffCases {
  constructor(
    private readonly variations: VariationsService,
    private readonly variationList: VariationListService,
    private readonly orders: OrdersService,
    private readonly records: VariationRecords,
    private readonly audit: AuditSink,
  ) {}

  /** nDelius and the record as this user may read them, for the journey (403 with nDelius's message). */
  lookupFor(user: StaffUser): OrderLookup {
    return {
      caseOf: (crn) => this.orders.caseOf(user, crn),
      orderAsItStands: (crn, eventNumber) => this.orders.orderAsItStands(user, crn, eventNumber),
      openVariationOf: (orderDigest) => fromRecord(() => this.records.openVariationOf(orderDigest)),
    };
  }

  async view(user: StaffUser, id: string, why: string): Promise<VariationView> {
    const view = await this.find(user, id);
    this.audit.record({ who: user.username, what: 'VIEW', variationId: id, why });
    return view;
  }

  /** Only people nDelius lets the user see: a person's list is refused (403), other lists leave them out. */
  async list(user: StaffUser, filters: ListVariationsQuery, why: string) {
    if (filters.crn) await this.orders.assertMaySee(user, filters.crn);
    this.audit.record({ who: user.username, what: 'SEARCH', why });
    const page = await this.variationList.list(filters, pduScope(user));
    return filters.crn ? page : { ...page, items: await this.orders.visibleTo(user, page.items) };
  }

  async submit(user: StaffUser, route: Route, submission: Submission, idempotencyKey: string) {
    assertInPdu(user, submission.practitioner.pduCode);
    const { view, varies } = await this.variations.submit(route, submission, user, idempotencyKey);
    this.audit.record({
      who: user.username,
      what: 'ACTION',
      variationId: view.id,
      why: `submitted on the pages (${route.toLowerCase()} route)${varies ? `: ${whatItVaries(view, varies)}` : ''}`,
    });
    return view;
  }

  /** An action as the API's POST /variations/{id}/...: the workflow then checks role and state. */
  async act<A extends { by: Actor }>(
    user: StaffUser,
    id: string,
    action: ActionDefinition<A>,
    args: Omit<A, 'by'>,
  ): Promise<VariationView> {
    if (!UUID.test(id)) throw noSuchVariation();
    await this.variations.assertMayAct(user, id);
    const view = await this.variations.act(id, action, { ...args, by: staff(user) } as A);
    this.audit.record({
      who: user.username,
      what: 'ACTION',
      variationId: id,
      why: `${action.name} on the pages`,
    });
    return view;
  }

  private async find(user: StaffUser, id: string): Promise<VariationView> {
    if (!UUID.test(id)) throw noSuchVariation();
    return this.variations.viewFor(user, id);
  }
}
