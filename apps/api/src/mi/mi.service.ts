import { Injectable } from '@nestjs/common';
import { ukToday } from '../../../../libs/domain/src/dates';
import { ManagementInformation, type MiSummary } from '../../../../libs/record/src/management-information';
import { fromRecord } from '../variations/record-unavailable';
import type { MiSummaryQuery } from './mi-summary.dto';

/** GET /mi/summary and the dashboard: counted by the record's database over every variation recorded. */
@Injectable()
export class MiService {
  constructor(private readonly mi: ManagementInformation) {}

  summary(filters: MiSummaryQuery): Promise<MiSummary> {
    const now = new Date();
    return fromRecord(() => this.mi.summary(filters, now, ukToday(now)));
  }
}
