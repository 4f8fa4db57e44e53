import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuditSink } from '../../../../libs/audit/src/audit';
import { ROLES } from '../../../../libs/domain/src/variation';
import { CurrentUser, Roles } from '../../../../libs/security/src/auth.guard';
import type { StaffUser } from '../../../../libs/security/src/staff-user';
import type { MiSummary } from '../../../../libs/record/src/management-information';
import { MiSummaryDto, MiSummaryQuery } from './mi-summary.dto';
import { MiService } from './mi.service';

@ApiTags('management information')
@ApiBearerAuth()
@Controller('mi')
export class MiController {
  constructor(
    private readonly mi: MiService,
    private readonly audit: AuditSink,
  ) {}

  @Get('summary')
  @Roles(ROLES.emLead, ROLES.admin)
  @ApiOperation({
    summary: 'Management information: counts, step times, overdue steps, EMS visit outcomes',
    description:
      'Counts by status and route per PDU; the median and 90th percentile working days (R16) each step took; ' +
      'steps past their due date; EMS visit outcomes; variations submitted each month. Over every variation ' +
      'recorded, open or closed. No personal data. `from` and `to` filter by submission date.',
  })
  @ApiOkResponse({ type: MiSummaryDto })
  @ApiBadRequestResponse({ description: 'INVALID_REQUEST: a filter is malformed' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no bearer token, or not a valid one' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: for EM Leads and admins only' })
  @ApiServiceUnavailableResponse({
    description: "The record's database cannot be reached: try again after Retry-After",
  })
  summary(@Query() query: MiSummaryQuery, @CurrentUser() user: StaffUser): Promise<MiSummary> {
    this.audit.record({ who: user.username, what: 'SEARCH', why: 'GET /mi/summary' });
    return this.mi.summary(query);
  }
}
