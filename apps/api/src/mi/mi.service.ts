import { HttpException, Injectable, Logger } from '@nestjs/common';
import { ukDateOf } from '../../../../libs/domain/src/dates';
import { temporalUnavailable } from '../temporal-unavailable.filter';
import type { VariationView } from '../../../../libs/domain/src/variation';
import type { VariationSummary } from '../variations/variation-list.service';
import { VariationListService } from '../variations/variation-list.service';
import { VariationsService, VariationUnreadable } from '../variations/variations.service';
import { type MiSummary, summarise } from './mi-summary';
import type { MiSummaryQuery } from './mi-summary.dto';

/** Views asked of Temporal at once. */
const CONCURRENCY = 8;

/**
 * GET /mi/summary. Lists every variation from Temporal visibility, then asks each for its view (the
 * timeline holds the step times). Fine at this scale, a few thousand variations a year; national scale
 * would want a reporting store fed by the workflows instead.
 */
@Injectable()
export class MiService {
  private readonly logger = new Logger('MiSummary');

  constructor(
    private readonly variationList: VariationListService,
    private readonly variations: VariationsService,
  ) {}

  async summary(filters: MiSummaryQuery): Promise<MiSummary> {
    const summaries: VariationSummary[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.variationList.list({ pduCode: filters.pduCode, pageSize: 200, pageToken });
      summaries.push(...page.items);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    // The UK date: submitted at 00:30 BST on 1 June is June's, though UTC still says 31 May.
    const submitted = (s: VariationSummary) => (s.submittedAt && ukDateOf(s.submittedAt)) || '';
    const chosen = summaries.filter(
      (s) => (!filters.from || submitted(s) >= filters.from) && (!filters.to || submitted(s) <= filters.to),
    );
    return summarise(await this.views(chosen.map((s) => s.id)), new Date());
  }

  /**
   * A variation whose view cannot be read now (its workflow task failing) is left out and logged, so
   * one broken case does not take the whole dashboard down; Temporal still being away is a 503.
   */
  private async views(ids: string[]): Promise<VariationView[]> {
    const views: VariationView[] = [];
    for (let i = 0; i < ids.length; i += CONCURRENCY) {
      const batch = ids.slice(i, i + CONCURRENCY);
      const settled = await Promise.allSettled(batch.map((id) => this.variations.view(id)));
      settled.forEach((result, j) => {
        if (result.status === 'fulfilled') {
          views.push(result.value);
          return;
        }
        const unreadable = result.reason instanceof VariationUnreadable;
        if (!unreadable && (result.reason instanceof HttpException || temporalUnavailable(result.reason)))
          throw result.reason;
        this.logger.warn(
          `Variation ${batch[j]} left out of the summary: ${(result.reason as Error).message}`,
        );
      });
    }
    return views;
  }
}
