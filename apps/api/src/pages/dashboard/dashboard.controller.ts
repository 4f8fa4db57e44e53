import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditSink } from '../../../../../libs/audit/src/audit';
import { ROLES } from '../../../../../libs/domain/src/variation';
import type { ReferenceData } from '../../../../../libs/notifications/src/reference-data';
import { CurrentUser, Page, Roles } from '../../../../../libs/security/src/auth.guard';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import type { MiSummaryQuery } from '../../mi/mi-summary.dto';
import { MiService } from '../../mi/mi.service';
import { readDate } from '../forms/fields';
import { FormErrors, formOf } from '../forms/form-errors';
import { PageErrorsFilter } from '../page-errors.filter';
import { REFERENCE_DATA } from '../page-providers';
import { dashboardCharts, summaryCsv } from './dashboard-charts';

/** The EM Lead's management information: GET /mi/summary as charts, tables and a CSV file. */
@ApiExcludeController()
@Controller('dashboard')
@Page()
@Roles(ROLES.emLead, ROLES.admin)
@UseFilters(PageErrorsFilter)
export class DashboardController {
  constructor(
    private readonly mi: MiService,
    private readonly audit: AuditSink,
    @Inject(REFERENCE_DATA) private readonly referenceData: ReferenceData,
  ) {}

  @Get()
  async show(
    @Query() query: unknown,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ): Promise<void> {
    const { filters, form, errors } = this.filters(query);
    const summary = await this.mi.summary(filters);
    this.audit.record({ who: user.username, what: 'SEARCH', why: 'MI dashboard' });
    response.status(errors.any ? 400 : 200).render('dashboard/dashboard', {
      title: 'Curfew variations: management information',
      summary,
      charts: dashboardCharts(summary),
      pdus: Object.entries(this.referenceData.pdus).map(([code, pdu]) => ({
        value: code,
        text: `${pdu.name} (${code})`,
      })),
      form,
      errors: errors.any ? errors : undefined,
      csvHref: `/dashboard/summary.csv?${new URLSearchParams(form)}`,
    });
  }

  @Get('summary.csv')
  async csv(
    @Query() query: unknown,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ): Promise<void> {
    const summary = await this.mi.summary(this.filters(query).filters);
    this.audit.record({ who: user.username, what: 'SEARCH', why: 'MI dashboard CSV' });
    response.type('text/csv').attachment('curfew-variations-summary.csv').send(summaryCsv(summary));
  }

  /** Filters in the address are fine here: dates and PDU codes say nothing about a person. */
  private filters(query: unknown) {
    const form = formOf(query);
    const errors = new FormErrors();
    const given = (name: string) => ['day', 'month', 'year'].some((part) => form[`${name}-${part}`]);
    const filters: MiSummaryQuery = {
      from: given('from') ? readDate(form, 'from', 'the start of the period', errors) : undefined,
      to: given('to') ? readDate(form, 'to', 'the end of the period', errors) : undefined,
      pduCode: Object.hasOwn(this.referenceData.pdus, form.pduCode ?? '') ? form.pduCode : undefined,
    };
    return { filters, form: Object.fromEntries(Object.entries(form).filter(([, value]) => value)), errors };
  }
}
