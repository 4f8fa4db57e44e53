import { createHmac, timingSafeEqual } from 'node:crypto';
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

  /** `scope`: the PDUs the caller may see (undefined: all). */
  async list(
    filters: ListVariationsQuery,
    scope?: string[],
  ): Promise<{ items: VariationSummary[]; nextPageToken: string | null }> {
    // Each value was validated against a strict pattern, so quoting it cannot break out of the query.
    const clauses = [`WorkflowType IN ('variationWorkflow', 'courtVariationWorkflow')`];
    if (scope) {
      // PDU codes from the token are checked against the same pattern as the filters before quoting.
      const codes = scope.filter((code) => /^[A-Z0-9]{2,10}$/.test(code));
      if (codes.length === 0) return { items: [], nextPageToken: null };
      clauses.push(`PduCode IN (${codes.map((code) => `'${code}'`).join(', ')})`);
    }
    if (filters.status) clauses.push(`VariationStatus = '${filters.status}'`);
    if (filters.pduCode) clauses.push(`PduCode = '${filters.pduCode}'`);
    if (filters.route) clauses.push(`VariationRoute = '${filters.route}'`);
    if (filters.crn) {
      clauses.push(
        `CrnDigest = '${crnDigest(filters.crn, this.config.get('CRN_LOOKUP_SECRET', { infer: true }))}'`,
      );
    }
    const response = await this.temporal.workflowService.listWorkflowExecutions({
      namespace: this.config.get('TEMPORAL_NAMESPACE', { infer: true }),
      query: clauses.join(' AND '),
      pageSize: filters.pageSize ?? 50,
      nextPageToken: filters.pageToken ? this.openPageToken(filters.pageToken) : undefined,
    });
    const next = response.nextPageToken?.length
      ? this.sealPageToken(Buffer.from(response.nextPageToken))
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
          status: read('VariationStatus') ?? 'AWAITING_TRIAGE',
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

  // Page tokens are signed, so a made-up one is refused here rather than sent to Temporal.
  private sealPageToken(token: Buffer): string {
    return `${token.toString('base64url')}.${this.signature(token)}`;
  }

  private openPageToken(sealed: string): Buffer {
    const [body, signature = ''] = sealed.split('.');
    const token = Buffer.from(body, 'base64url');
    const expected = Buffer.from(this.signature(token));
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), expected)) {
      throw new BadRequestException({
        error: 'INVALID_REQUEST',
        fields: [{ field: 'pageToken', messages: ['pageToken must be a token from a previous page'] }],
        messages: ['pageToken must be a token from a previous page'],
      });
    }
    return token;
  }

  private signature(token: Buffer): string {
    const key = this.config.get('CRN_LOOKUP_SECRET', { infer: true });
    return createHmac('sha256', key).update('page-token\n').update(token).digest('base64url');
  }
}
