import { Injectable, NotFoundException } from '@nestjs/common';
import type { ActionDefinition } from '../../../../../workflows/messages';
import { AuditSink } from '../../../../../libs/audit/src/audit';
import type { ListVariationsQuery } from '../../../../../libs/contracts/src/list-variations.query';
import type { VariationRequest } from '../../../../../libs/domain/src/types';
import type { Actor, Route, VariationView } from '../../../../../libs/domain/src/variation';
import { assertInPdu, pduScope } from '../../../../../libs/security/src/pdu-scope';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { VariationListService } from '../../variations/variation-list.service';
import { staff, VariationsService } from '../../variations/variations.service';

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
    private readonly audit: AuditSink,
  ) {}

  async view(user: StaffUser, id: string, why: string): Promise<VariationView> {
    const view = await this.find(user, id);
    this.audit.record({ who: user.username, what: 'VIEW', variationId: id, why });
    return view;
  }

  list(user: StaffUser, filters: ListVariationsQuery, why: string) {
    this.audit.record({ who: user.username, what: 'SEARCH', why });
    return this.variationList.list(filters, pduScope(user));
  }

  async submit(user: StaffUser, route: Route, request: VariationRequest, idempotencyKey: string) {
    assertInPdu(user, request.practitioner.pduCode);
    const { view } = await this.variations.submit(route, request, user, idempotencyKey);
    this.audit.record({
      who: user.username,
      what: 'ACTION',
      variationId: view.id,
      why: `submitted on the pages (${route.toLowerCase()} route)`,
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
    await this.find(user, id);
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
    if (!UUID.test(id))
      throw new NotFoundException({ error: 'NOT_FOUND', message: 'There is no such variation' });
    const view = await this.variations.view(id);
    assertInPdu(user, view.practitioner.pduCode);
    return view;
  }
}
