import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AmendmentDto,
  CourtApplicationDto,
  CourtDecisionDto,
  EmsVisitDto,
  PopInformedDto,
  WithdrawalDto,
} from '../../../../libs/contracts/src/actions.dto';
import { ApprovalDecisionDto, TriageDecisionDto } from '../../../../libs/contracts/src/decision.dto';
import { ListVariationsQuery } from '../../../../libs/contracts/src/list-variations.query';
import { VariationListDto } from '../../../../libs/contracts/src/variation-list.dto';
import {
  AddressChecksDto,
  OrderSubmissionDto,
  VariationRequestDto,
} from '../../../../libs/contracts/src/variation-request.dto';
import type { Submission } from '../../../../libs/domain/src/types';
import { ROLES, type Route, type VariationView } from '../../../../libs/domain/src/variation';
import { AuditSink } from '../../../../libs/audit/src/audit';
import { CurrentUser, Roles } from '../../../../libs/security/src/auth.guard';
import { assertInPdu, pduScope } from '../../../../libs/security/src/pdu-scope';
import type { StaffUser } from '../../../../libs/security/src/staff-user';
import {
  type Acting,
  type ActionDefinition,
  amendmentAction,
  approvalAction,
  checksAction,
  courtApplicationAction,
  courtDecisionAction,
  popInformedAction,
  rebookVisitAction,
  triageAction,
  withdrawalAction,
} from '../../../../workflows/messages';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from './idempotency-key';
import { OrdersService } from '../orders/orders.service';
import { SubmissionPipe } from './submission.pipe';
import { VariationListService } from './variation-list.service';
import { staff, VariationsService, whatItVaries } from './variations.service';

// A malformed id cannot name a variation: 404, like any unknown id.
const variationId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new NotFoundException({ error: 'NOT_FOUND', message: 'There is no such variation' }),
});

/** The id every operation on one variation takes: a UUID (anything else names no variation: 404). */
const VariationIdParam = () => ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } });

const LOCATION = { Location: { description: '/variations/{id}', schema: { type: 'string' } } };

/**
 * What every action on a variation takes and answers: its new view, or why not. The same
 * Idempotency-Key and body again answers as the first call did (api.md).
 */
const ActionAnswers = (unprocessable?: string) =>
  applyDecorators(
    VariationIdParam(),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ApiOkResponse({ description: 'The variation view, once the action has taken effect' }),
    ApiNotFoundResponse({ description: 'NOT_FOUND: no such variation' }),
    ApiConflictResponse({ description: 'INVALID_STATE: the variation is not at a step that takes this' }),
    ApiUnprocessableEntityResponse({
      description: [unprocessable, 'IDEMPOTENCY_KEY_REUSED: the key was used for another request']
        .filter(Boolean)
        .join('; '),
    }),
  );

/** What both routes' submissions take and may answer besides the common answers (api.md). */
const SubmissionAnswers = (created: string, unprocessable: string) =>
  applyDecorators(
    ApiExtraModels(OrderSubmissionDto, VariationRequestDto),
    ApiBody({
      description:
        'By the order (its CRN and event number, and only what changes), or in full, checked against the record (R18)',
      schema: {
        oneOf: [OrderSubmissionDto, VariationRequestDto].map((dto) => ({ $ref: getSchemaPath(dto) })),
      },
    }),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ApiCreatedResponse({ description: created, headers: LOCATION }),
    ApiConflictResponse({
      description: 'VARIATION_IN_PROGRESS: another variation of this order is open (R18)',
    }),
    ApiUnprocessableEntityResponse({
      description: `${unprocessable}; NOT_IN_NDELIUS; RECORD_MISMATCH: the full body differs from the record; RECORD_CONFLICT: nDelius and this service disagree; IDEMPOTENCY_KEY_REUSED`,
    }),
  );

const ANYONE = [ROLES.practitioner, ROLES.spo, ROLES.pduHead, ROLES.emLead, ROLES.admin];

@ApiTags('variations')
@ApiBearerAuth()
// What every call may answer besides its own (api.md; README, "Where it departs").
@ApiBadRequestResponse({ description: 'INVALID_REQUEST: { fields: [{ field, messages }], messages }' })
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no bearer token, or not a valid one' })
@ApiForbiddenResponse({ description: "Another role's call, or a variation of another PDU" })
@ApiServiceUnavailableResponse({
  description: 'Temporal or the record cannot be reached: nothing is lost, try again after Retry-After',
  headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
})
@Controller()
export class VariationsController {
  constructor(
    private readonly variations: VariationsService,
    private readonly list: VariationListService,
    private readonly orders: OrdersService,
    private readonly audit: AuditSink,
  ) {}

  @Post('variations')
  @Roles(ROLES.practitioner)
  @SubmissionAnswers('The variation view', 'NOT_ELIGIBLE or COURT_ROUTE_REQUIRED, citing the rules')
  submit(
    @Body(SubmissionPipe) body: Submission,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VariationView> {
    return this.start('ADMINISTRATIVE', body, user, idempotencyKey, response);
  }

  @Post('court-variations')
  @Roles(ROLES.practitioner)
  @ApiTags('court route')
  @SubmissionAnswers(
    'The variation view, with "route": "COURT"',
    'NOT_ELIGIBLE: even a court could not make this variation',
  )
  submitToCourt(
    @Body(SubmissionPipe) body: Submission,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VariationView> {
    return this.start('COURT', body, user, idempotencyKey, response);
  }

  @Get('variations')
  @Roles(...ANYONE)
  @ApiOkResponse({
    type: VariationListDto,
    description: 'From the record: open and closed variations, newest first; audited as a search (R17)',
  })
  async find(@Query() query: ListVariationsQuery, @CurrentUser() user: StaffUser) {
    if (query.pduCode) assertInPdu(user, query.pduCode);
    // A person's variations only for a user nDelius lets see that person.
    if (query.crn) await this.orders.assertMaySee(user, query.crn);
    const filters = Object.entries(query)
      .filter(([key, value]) => key !== 'pageToken' && value !== undefined)
      .map(([key]) => key);
    this.audit.record({
      who: user.username,
      what: 'SEARCH',
      why: `GET /variations by ${filters.join(', ') || 'nothing'}`,
    });
    const page = await this.list.list(query, pduScope(user));
    // People nDelius keeps the user from are left out (a person's own list is refused above).
    return query.crn ? page : { ...page, items: await this.orders.visibleTo(user, page.items) };
  }

  @Get('variations/:id')
  @Roles(...ANYONE)
  @ApiOkResponse({ description: 'The variation view' })
  @ApiNotFoundResponse()
  @VariationIdParam()
  async view(@Param('id', variationId) id: string, @CurrentUser() user: StaffUser): Promise<VariationView> {
    const view = await this.variations.viewFor(user, id);
    this.audit.record({ who: user.username, what: 'VIEW', variationId: id, why: 'GET /variations/{id}' });
    return view;
  }

  @Post('variations/:id/checks')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ActionAnswers()
  recordChecks(
    @Param('id', variationId) id: string,
    @Body() checks: AddressChecksDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, checksAction, { checks, by: staff(user) });
  }

  @Post('variations/:id/triage')
  @HttpCode(200)
  @Roles(ROLES.spo)
  @ActionAnswers()
  triage(
    @Param('id', variationId) id: string,
    @Body() body: TriageDecisionDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, triageAction, { ...body, by: staff(user) });
  }

  @Post('variations/:id/approval')
  @HttpCode(200)
  @Roles(ROLES.pduHead)
  @ActionAnswers('NOT_ELIGIBLE, rules ["R6"]: the effective date has passed')
  approve(
    @Param('id', variationId) id: string,
    @Body() body: ApprovalDecisionDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, approvalAction, { ...body, by: staff(user) });
  }

  @Post('variations/:id/amendment')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ActionAnswers('NOT_ELIGIBLE or COURT_ROUTE_REQUIRED: the amended change breaks the rules')
  amend(
    @Param('id', variationId) id: string,
    @Body() body: AmendmentDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, amendmentAction, { ...body, by: staff(user) });
  }

  @Post('variations/:id/withdrawal')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ActionAnswers()
  withdraw(
    @Param('id', variationId) id: string,
    @Body() body: WithdrawalDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, withdrawalAction, { reason: body.reason, by: staff(user) });
  }

  @Post('variations/:id/ems-visit')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ActionAnswers()
  rebookVisit(
    @Param('id', variationId) id: string,
    @Body() _body: EmsVisitDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, rebookVisitAction, { by: staff(user) });
  }

  @Post('variations/:id/pop-informed')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ActionAnswers('NOT_ELIGIBLE, rules ["R15"]: told before the notices and the EMS steps')
  popInformed(
    @Param('id', variationId) id: string,
    @Body() body: PopInformedDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, popInformedAction, { ...body, by: staff(user) });
  }

  @Post('variations/:id/court-application')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ApiTags('court route')
  @ActionAnswers()
  lodge(
    @Param('id', variationId) id: string,
    @Body() body: CourtApplicationDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, courtApplicationAction, { ...body, by: staff(user) });
  }

  @Post('variations/:id/court-decision')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ApiTags('court route')
  @ActionAnswers("NOT_ELIGIBLE: the court's terms break the rules that bind a court too (R1-R5, R12)")
  courtDecision(
    @Param('id', variationId) id: string,
    @Body() body: CourtDecisionDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.act(user, id, key, courtDecisionAction, { ...body, by: staff(user) });
  }

  /**
   * Only within the user's PDUs, and only for a person nDelius lets them see (403 otherwise); the
   * workflow then checks role and state.
   */
  private async act<A extends Acting>(
    user: StaffUser,
    id: string,
    key: string | undefined,
    action: ActionDefinition<A>,
    args: A,
  ) {
    await this.variations.assertMayAct(user, id);
    const view = await this.variations.act(id, action, args, key);
    const what = action.name === 'triage' || action.name === 'approval' ? 'DECISION' : 'ACTION';
    this.audit.record({ who: user.username, what, variationId: id, why: action.name });
    return view;
  }

  private async start(
    route: Route,
    body: Submission,
    user: StaffUser,
    idempotencyKey: string | undefined,
    response: Response,
  ): Promise<VariationView> {
    // A practitioner submits for their own PDU: its SPO and PDU Head get the decisions.
    assertInPdu(user, body.practitioner.pduCode);
    const { view, replayed, varies } = await this.variations.submit(route, body, user, idempotencyKey);
    this.audit.record({
      who: user.username,
      what: 'ACTION',
      variationId: view.id,
      why: `submitted (${route.toLowerCase()} route)${varies ? `: ${whatItVaries(view, varies)}` : ''}`,
    });
    response.location(`/variations/${view.id}`);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return view;
  }
}
