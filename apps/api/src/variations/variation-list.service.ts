import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ListVariationsQuery } from '../../../../libs/contracts/src/list-variations.query';
import { type VariationListItem, listItemOf } from '../../../../libs/record/src/variation-list-item';
import { type PagePosition, VariationRecords } from '../../../../libs/record/src/variation-records';
import { crnDigest } from '../../../../libs/security/src/crn-digest';
import type { ApiSettings } from '../api-settings';
import { fromRecord } from './record-unavailable';

/**
 * GET /variations and the pages' lists: from the record (PostgreSQL), which keeps every variation,
 * open or closed, for years. Filters are columns without personal data; a person is found by the
 * HMAC of their CRN (R17).
 */
@Injectable()
export class VariationListService {
  constructor(
    private readonly records: VariationRecords,
    private readonly config: ConfigService<ApiSettings, true>,
  ) {}

  /** `scope`: the PDUs the caller may see (undefined: all). */
  async list(
    filters: ListVariationsQuery,
    scope?: string[],
  ): Promise<{ items: VariationListItem[]; nextPageToken: string | null }> {
    const after = filters.pageToken ? this.openPageToken(filters.pageToken) : undefined;
    const { pduCode } = filters;
    const pduCodes = scope
      ? scope.filter((code) => !pduCode || code === pduCode)
      : pduCode
        ? [pduCode]
        : undefined;
    const secret = this.config.get('CRN_LOOKUP_SECRET', { infer: true });
    const page = await fromRecord(() =>
      this.records.list(
        {
          status: filters.status,
          route: filters.route,
          pduCodes,
          crnDigest: filters.crn && crnDigest(filters.crn, secret),
        },
        after,
        filters.pageSize ?? 50,
      ),
    );
    return {
      items: page.views.map(listItemOf),
      nextPageToken: page.next && this.sealPageToken(Buffer.from(JSON.stringify(page.next))),
    };
  }

  // Page tokens are signed, so a made-up one is refused here rather than sent to Temporal.
  private sealPageToken(token: Buffer): string {
    return `${token.toString('base64url')}.${this.signature(token)}`;
  }

  private openPageToken(sealed: string): PagePosition {
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
    // Signed by this service, so it is the position a page of ours ended at.
    return JSON.parse(token.toString()) as PagePosition;
  }

  private signature(token: Buffer): string {
    const key = this.config.get('CRN_LOOKUP_SECRET', { infer: true });
    return createHmac('sha256', key).update('page-token\n').update(token).digest('base64url');
  }
}
