import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
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

  /** Key of the CRN hash that finds a person's variations without storing the CRN (R17). */
  @IsString()
  @MinLength(32, { message: 'CRN_LOOKUP_SECRET must be at least 32 characters' })
  CRN_LOOKUP_SECRET!: string;

  /** Standard Webhooks secrets of the EMS provider (whsec_...), comma-separated while rotating. */
  @Matches(/^\s*whsec_[A-Za-z0-9+/=]{20,}\s*(,\s*whsec_[A-Za-z0-9+/=]{20,}\s*)*$/, {
    message: 'EMS_WEBHOOK_SECRET must be one or more comma-separated whsec_ secrets',
  })
  EMS_WEBHOOK_SECRET!: string;

  /** Signs (encrypts) the decision links in emails; the worker holds the same secret to issue them. */
  @IsString()
  @MinLength(32, { message: 'DECISION_LINK_SECRET must be at least 32 characters' })
  DECISION_LINK_SECRET!: string;

  /** How long a decision link works, e.g. "7d" or "48h". */
  @Matches(/^\d+\s?(s|m|h|d|w)$/, { message: 'DECISION_LINK_TTL must be a duration such as 7d or 48h' })
  DECISION_LINK_TTL: string = '7d';

  /** The mail relay, checked by /health (the worker sends the mail). */
  @IsUrl(
    { require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true },
    { message: 'SMTP_URL must be smtp://host:port' },
  )
  SMTP_URL: string = 'smtp://127.0.0.1:1025';

  /** R7: which reading of "the number of curfew hours" applies. */
  @IsIn(HOURS_POLICIES)
  VARIATION_HOURS_POLICY: HoursPolicy = 'daily-total';
}
