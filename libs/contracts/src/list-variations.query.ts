import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { Omittable } from './formats';
import { STATUSES, type Status } from '../../domain/src/variation';

/** A page token: the engine's own, base64url, then a dot and its HMAC-SHA256, base64url (43 characters). */
export const PAGE_TOKEN = /^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{43}$/;

/** GET /variations filters. Every value is validated, so none can change the visibility query. */
export class ListVariationsQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @Omittable()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: Status;

  @ApiPropertyOptional({ example: 'N07CEN' })
  @Omittable()
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'pduCode must be 2-10 capital letters or digits' })
  pduCode?: string;

  @ApiPropertyOptional({ example: 'X123456' })
  @Omittable()
  @Matches(/^[A-Z]\d{6}$/, { message: 'crn must be a letter and six digits, e.g. X123456' })
  crn?: string;

  @ApiPropertyOptional({ enum: ['ADMINISTRATIVE', 'COURT'] })
  @Omittable()
  @IsIn(['ADMINISTRATIVE', 'COURT'], { message: 'route must be ADMINISTRATIVE or COURT' })
  route?: 'ADMINISTRATIVE' | 'COURT';

  @ApiPropertyOptional({
    description:
      "The previous answer's nextPageToken, unchanged: opaque, base64url text, a dot and a base64url " +
      'signature. One this service did not make is refused (400 naming pageToken).',
  })
  @Omittable()
  @Matches(PAGE_TOKEN, { message: 'pageToken must be a token from a previous page' })
  pageToken?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
