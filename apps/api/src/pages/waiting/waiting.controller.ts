import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ukToday } from '../../../../../libs/domain/src/dates';
import { ROLES, type Status } from '../../../../../libs/domain/src/variation';
import { CurrentUser, Page, Roles } from '../../../../../libs/security/src/auth.guard';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { StaffCases } from '../cases/staff-cases.service';
import { PageErrorsFilter } from '../page-errors.filter';

/** What waits for each approver (R13). */
const WAITS_FOR: [string, Status][] = [
  [ROLES.spo, 'AWAITING_TRIAGE'],
  [ROLES.pduHead, 'AWAITING_APPROVAL'],
];

/** "Waiting for you": the approver's PDU's cases in the step they decide, overdue first. */
@ApiExcludeController()
@Controller('waiting')
@Page()
@Roles(ROLES.spo, ROLES.pduHead)
@UseFilters(PageErrorsFilter)
export class WaitingController {
  constructor(private readonly cases: StaffCases) {}

  @Get()
  async list(@CurrentUser() user: StaffUser, @Res() response: Response): Promise<void> {
    const statuses = waitingStatuses(user);
    const lists = await Promise.all(
      statuses.map((status) => this.cases.list(user, { status, pageSize: 200 }, 'waiting for you page')),
    );
    const today = ukToday(new Date());
    // Earliest due first, so the overdue ones lead; anything without a due date goes last.
    const items = lists
      .flatMap((list) => list.items)
      .sort((a, b) => (a.dueBy ?? '9999').localeCompare(b.dueBy ?? '9999'))
      .map((item) => ({ ...item, overdue: !!item.dueBy && item.dueBy < today }));
    response.render('waiting/list', { title: 'Waiting for you', items });
  }
}

const waitingStatuses = (user: StaffUser) =>
  WAITS_FOR.filter(([role]) => user.roles.includes(role)).map(([, status]) => status);
