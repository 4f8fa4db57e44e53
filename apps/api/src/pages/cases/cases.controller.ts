import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UnprocessableEntityException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ListVariationsQuery } from '../../../../../libs/contracts/src/list-variations.query';
import { DAYS } from '../../../../../libs/domain/src/types';
import { ukToday } from '../../../../../libs/domain/src/dates';
import { ROLES, STATUSES, type Status, type VariationView } from '../../../../../libs/domain/src/variation';
import { CurrentUser, Page, Roles } from '../../../../../libs/security/src/auth.guard';
import { DecisionLinks } from '../../../../../libs/security/src/decision-links';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { FormErrors, formOf, withoutRuleNumbers } from '../forms/form-errors';
import { plainCode, STATUS_LABELS } from '../labels';
import { PageErrorsFilter } from '../page-errors.filter';
import { PAGE_DECISION_LINKS } from '../page-providers';
import { type CaseAction, caseAction, CASE_ACTIONS, fieldOfRuleMessage } from './case-actions';
import { StaffCases } from './staff-cases.service';

const STAFF = [ROLES.practitioner, ROLES.spo, ROLES.pduHead, ROLES.emLead, ROLES.admin];

/** Which decision each approver makes, and the status it waits in (R13). */
const DECIDES = [
  { role: ROLES.spo, status: 'AWAITING_TRIAGE', step: 'TRIAGE' },
  { role: ROLES.pduHead, status: 'AWAITING_APPROVAL', step: 'APPROVAL' },
] as const;

const PAGE_SIZE = 25;

/** The case list, the case page and the practitioner's actions on it. */
@ApiExcludeController()
@Controller('cases')
@Page()
@UseFilters(PageErrorsFilter)
export class CasesController {
  constructor(
    private readonly cases: StaffCases,
    @Inject(PAGE_DECISION_LINKS) private readonly decisionLinks: DecisionLinks,
  ) {}

  /** Filters that say nothing about a person may go in the address; a CRN never does (see search). */
  @Get()
  @Roles(...STAFF)
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ) {
    const filters: ListVariationsQuery = {
      status: STATUSES.includes(query.status as Status) ? (query.status as Status) : undefined,
      route: query.route === 'ADMINISTRATIVE' || query.route === 'COURT' ? query.route : undefined,
      pageToken:
        typeof query.page === 'string' && /^[A-Za-z0-9_.-]{1,4000}$/.test(query.page)
          ? query.page
          : undefined,
      pageSize: PAGE_SIZE,
    };
    const found = await this.cases.list(user, filters, 'case list page');
    const next = found.nextPageToken
      ? `/cases?${new URLSearchParams({ ...(filters.status && { status: filters.status }), ...(filters.route && { route: filters.route }), page: found.nextPageToken })}`
      : undefined;
    this.renderList(
      response,
      200,
      found.items,
      { status: filters.status ?? '', route: filters.route ?? '' },
      next,
    );
  }

  /**
   * A person's page: every variation of theirs, newest first. The CRN comes in a POST body (the
   * search form, or the case page's link), so it stays out of addresses and logs.
   */
  @Post()
  @Roles(...STAFF)
  async search(@Body() body: unknown, @CurrentUser() user: StaffUser, @Res() response: Response) {
    const form = formOf(body);
    const crn = (form.crn ?? '').trim().toUpperCase();
    if (!/^[A-Z]\d{6}$/.test(crn)) {
      const errors = new FormErrors();
      errors.add(
        'crn',
        crn ? 'Enter the CRN as a letter and 6 numbers, like X123456' : 'Enter a CRN to search for',
      );
      return this.renderList(response, 400, [], form, undefined, errors);
    }
    const found = await this.cases.list(user, { crn, pageSize: 200 }, "person's page: CRN search");
    if (found.items.length === 0)
      return this.renderList(response, 200, [], { crn }, undefined, undefined, true);
    response.status(200).render('cases/person', {
      title: 'Curfew variations for one person',
      person: found.items[0].person,
      items: found.items,
      more: !!found.nextPageToken,
    });
  }

  @Get(':id')
  @Roles(...STAFF)
  async show(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ) {
    const view = await this.cases.view(user, id, 'case page');
    const practitioner = user.roles.includes(ROLES.practitioner);
    response.render('cases/case', {
      ...caseLocals(view),
      title: `Curfew variation ${reference(view)}`,
      actions: practitioner ? CASE_ACTIONS.filter((action) => action.when(view)) : [],
      decides: DECIDES.some((d) => user.roles.includes(d.role) && view.status === d.status),
      done: caseAction(String(done))?.done,
      overdue: !!view.dueBy && view.dueBy < ukToday(new Date()),
      timeline: [...view.timeline].reverse(),
    });
  }

  @Get(':id/submitted')
  @Roles(ROLES.practitioner)
  async submitted(@Param('id') id: string, @CurrentUser() user: StaffUser, @Res() response: Response) {
    const view = await this.cases.view(user, id, 'confirmation page');
    response.render('cases/submitted', { title: 'Application sent', view, reference: reference(view) });
  }

  /**
   * The approver's decision from the service: the same page as the email's link, through a link issued
   * now to the signed-in approver, for the step their role decides.
   */
  @Get(':id/decision')
  @Roles(ROLES.spo, ROLES.pduHead)
  async decide(@Param('id') id: string, @CurrentUser() user: StaffUser, @Res() response: Response) {
    const view = await this.cases.view(user, id, 'decision from the service');
    const decides = DECIDES.find((d) => user.roles.includes(d.role) && view.status === d.status);
    if (!decides) {
      throw new ConflictException({
        message: `The variation is ${view.status}: it is not waiting for your decision`,
      });
    }
    const token = await this.decisionLinks.issue({
      variationId: view.id,
      step: decides.step,
      approver: { username: user.username, name: user.name ?? user.username },
      round: view.decisions.length,
    });
    response.redirect(303, `/decisions/${token}`);
  }

  @Get(':id/:action')
  @Roles(ROLES.practitioner)
  async showAction(
    @Param('id') id: string,
    @Param('action') slug: string,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ) {
    const action = this.action(slug);
    const view = await this.cases.view(user, id, `${action.slug} page`);
    if (!action.when(view)) throw new ConflictException({ message: `The variation is ${view.status}` });
    this.renderAction(response, 200, action, view, action.fields(view));
  }

  @Post(':id/:action')
  @Roles(ROLES.practitioner)
  async act(
    @Param('id') id: string,
    @Param('action') slug: string,
    @Body() body: unknown,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ) {
    const action = this.action(slug);
    const view = await this.cases.view(user, id, `${action.slug} page`);
    const form = formOf(body);
    const errors = new FormErrors();
    try {
      const done = await action.submit(form, errors, view, (a, args) => this.cases.act(user, id, a, args));
      if (done) return response.redirect(303, `/cases/${id}?done=${action.slug}`);
    } catch (error) {
      // The rules (422) and the workflow's own checks (400) answer in words, on the form.
      if (!(error instanceof UnprocessableEntityException || error instanceof BadRequestException))
        throw error;
      for (const message of (error.getResponse() as { messages?: string[] }).messages ?? [error.message]) {
        errors.add(fieldOfRuleMessage(message), withoutRuleNumbers(message));
      }
    }
    this.renderAction(response, 400, action, view, form, errors);
  }

  private action(slug: string): CaseAction {
    const action = caseAction(slug);
    if (!action) throw new NotFoundException();
    return action;
  }

  private renderAction(
    response: Response,
    status: number,
    action: CaseAction,
    view: VariationView,
    form: Record<string, string>,
    errors?: FormErrors,
  ) {
    response.status(status).render(`cases/actions/${action.slug}`, {
      ...caseLocals(view),
      title: action.title,
      action,
      form,
      errors,
      days: DAYS.map((day) => day.toLowerCase()),
      returned: view.decisions.findLast((d) => d.decision === 'RETURN'),
      backLink: `/cases/${view.id}`,
    });
  }

  private renderList(
    response: Response,
    status: number,
    items: { dueBy: string | null }[],
    form: Record<string, string>,
    next?: string,
    errors?: FormErrors,
    searched = false,
  ) {
    const today = ukToday(new Date());
    response.status(status).render('cases/list', {
      title: 'Cases',
      items: items.map((item) => ({ ...item, overdue: !!item.dueBy && item.dueBy < today })),
      statuses: [
        { value: '', text: 'Any status' },
        ...STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
      ],
      form,
      next,
      errors,
      searched,
    });
  }
}

const reference = (view: VariationView) => view.id.slice(0, 8);

/** What the case summary (decisions/summary.njk) needs. */
function caseLocals(view: VariationView) {
  return { view, reference: reference(view), orderType: plainCode(view.order.type) };
}
