import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { HOURS_POLICIES, type HoursPolicy } from '../../../libs/domain/src/types';
import { TemporalSettings } from '../../../libs/temporal/src/temporal-settings';

/** The api's configuration (api.md, Configuration). Secrets have no default. */
export class ApiSettings extends TemporalSettings {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  /** R7: which reading of "the number of curfew hours" applies. */
  @IsIn(HOURS_POLICIES)
  VARIATION_HOURS_POLICY: HoursPolicy = 'daily-total';
}
