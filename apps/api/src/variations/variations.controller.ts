import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApprovalDecisionDto, TriageDecisionDto } from '../../../../libs/contracts/src/decision.dto';
import { AddressChecksDto, VariationRequestDto } from '../../../../libs/contracts/src/variation-request.dto';
import { ROLES, type VariationView } from '../../../../libs/domain/src/variation';
import { CurrentUser, Roles } from '../../../../libs/security/src/auth.guard';
import type { StaffUser } from '../../../../libs/security/src/staff-user';
import { IdempotencyKey } from './idempotency-key';
import { VariationsService } from './variations.service';

// A malformed id cannot name a variation: 404, like any unknown id.
const variationId = new ParseUUIDPipe({ exceptionFactory: () => notFound() });

@ApiTags('variations')
@ApiBearerAuth()
@Controller('variations')
export class VariationsController {
  constructor(private readonly variations: VariationsService) {}

  @Post()
  @Roles(ROLES.practitioner)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-255 characters' })
  @ApiCreatedResponse({ description: 'The variation view' })
  @ApiUnprocessableEntityResponse({
    description: 'NOT_ELIGIBLE, COURT_ROUTE_REQUIRED or IDEMPOTENCY_KEY_REUSED',
  })
  async submit(
    @Body() body: VariationRequestDto,
    @CurrentUser() user: StaffUser,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VariationView> {
    const { view, replayed } = await this.variations.submit(body, user, idempotencyKey);
    response.location(`/variations/${view.id}`);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Get(':id')
  @Roles(ROLES.practitioner, ROLES.spo, ROLES.pduHead, ROLES.emLead, ROLES.admin)
  @ApiOkResponse({ description: 'The variation view' })
  @ApiNotFoundResponse()
  view(@Param('id', variationId) id: string): Promise<VariationView> {
    return this.variations.view(id);
  }

  @Post(':id/checks')
  @HttpCode(200)
  @Roles(ROLES.practitioner)
  @ApiConflictResponse({ description: 'INVALID_STATE' })
  recordChecks(
    @Param('id', variationId) id: string,
    @Body() checks: AddressChecksDto,
    @CurrentUser() user: StaffUser,
  ): Promise<VariationView> {
    return this.variations.recordChecks(id, checks, user);
  }

  @Post(':id/triage')
  @HttpCode(200)
  @Roles(ROLES.spo)
  @ApiConflictResponse({ description: 'INVALID_STATE' })
  triage(
    @Param('id', variationId) id: string,
    @Body() decision: TriageDecisionDto,
    @CurrentUser() user: StaffUser,
  ): Promise<VariationView> {
    return this.variations.triage(id, decision, user);
  }

  @Post(':id/approval')
  @HttpCode(200)
  @Roles(ROLES.pduHead)
  @ApiConflictResponse({ description: 'INVALID_STATE' })
  approve(
    @Param('id', variationId) id: string,
    @Body() decision: ApprovalDecisionDto,
    @CurrentUser() user: StaffUser,
  ): Promise<VariationView> {
    return this.variations.approve(id, decision, user);
  }
}

function notFound() {
  return new NotFoundException({ error: 'NOT_FOUND', message: 'There is no such variation' });
}
