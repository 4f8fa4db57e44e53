import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { ListVariationsQuery } from '../../../../libs/contracts/src/list-variations.query';
import { crnDigest } from '../../../../libs/security/src/crn-digest';
import type { ApiSettings } from '../api-settings';

export interface VariationSummary {
  id: string;
  status: string;
  route: string;
  pduCode: string;
  dueBy: string | null;
  submittedAt: string | null;
}

/** GET /variations: Temporal visibility over search attributes, which hold no personal data (R17). */
@Injectable()
export class VariationListService {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    private readonly config: ConfigService<ApiSettings, true>,
  ) {}

  async list(
    filters: ListVariationsQuery,
  ): Promise<{ items: VariationSummary[]; nextPageToken: string | null }> {
    // Each value was validated against a strict pattern, so quoting it cannot break out of the query.
    const clauses = [`WorkflowType IN ('variationWorkflow', 'courtVariationWorkflow')`];
    if (filters.status) clauses.push(`VariationStatus = '${filters.status}'`);
    if (filters.pduCode) clauses.push(`PduCode = '${filters.pduCode}'`);
    if (filters.route) clauses.push(`VariationRoute = '${filters.route}'`);
    if (filters.crn) {
      clauses.push(
        `CrnDigest = '${crnDigest(filters.crn, this.config.get('CRN_LOOKUP_SECRET', { infer: true }))}'`,
      );
    }
    let response;
    try {
      response = await this.temporal.workflowService.listWorkflowExecutions({
        namespace: this.config.get('TEMPORAL_NAMESPACE', { infer: true }),
        query: clauses.join(' AND '),
        pageSize: filters.pageSize ?? 50,
        nextPageToken: filters.pageToken ? Buffer.from(filters.pageToken, 'base64url') : undefined,
      });
    } catch (error) {
      // The only input reaching the server unchecked is the page token.
      if (filters.pageToken && /token/i.test((error as Error).message)) {
        throw new BadRequestException({ error: 'INVALID_REQUEST', messages: ['pageToken is not valid'] });
      }
      throw error;
    }
    const next = response.nextPageToken?.length
      ? Buffer.from(response.nextPageToken).toString('base64url')
      : null;
    return {
      items: response.executions.map((execution) => {
        const fields = execution.searchAttributes?.indexedFields ?? {};
        const read = (name: string) => {
          const value = fields[name]
            ? defaultPayloadConverter.fromPayload<unknown>(fields[name] as Payload)
            : null;
          return (Array.isArray(value) ? value[0] : value) as string | null;
        };
        const dueBy = read('DueBy');
        return {
          id: execution.execution!.workflowId!.replace(/^variation-/, ''),
          status: read('VariationStatus') ?? 'SUBMITTED',
          route: read('VariationRoute') ?? 'ADMINISTRATIVE',
          pduCode: read('PduCode') ?? '',
          dueBy: dueBy ? dueBy.slice(0, 10) : null,
          submittedAt: execution.startTime?.seconds
            ? new Date(Number(execution.startTime.seconds) * 1000).toISOString()
            : null,
        };
      }),
      nextPageToken: next,
    };
  }
}
