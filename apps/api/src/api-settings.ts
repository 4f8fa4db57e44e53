import { join } from 'node:path';
import {
  IsBoolean,
  IsIn,
  IsIP,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { BooleanSetting } from '../../../libs/config/src/boolean-setting';
import { repoRoot } from '../../../libs/config/src/paths';
import { HOURS_POLICIES, type HoursPolicy } from '../../../libs/domain/src/types';
import { WithNDelius } from '../../../libs/ndelius/src/ndelius-settings';
import { IsDatabaseUrl } from '../../../libs/record/src/record-settings';
import { TemporalSettings } from '../../../libs/temporal/src/temporal-settings';

/** The api's configuration (api.md, Configuration). Secrets have no default. */
export class ApiSettings extends WithNDelius(TemporalSettings) {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** 127.0.0.1 on a developer's machine; 0.0.0.0 in a container, behind its network. */
  @IsIP()
  HOST: string = '127.0.0.1';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  AUTH_JWKS_URL?: string;

  /** HS256 bearer tokens (local runs and tests); required by the local sign-in page. */
  @ValidateIf((settings: ApiSettings) => settings.LOCAL_SIGN_IN || settings.AUTH_JWT_SECRET !== undefined)
  @IsString({ message: 'AUTH_JWT_SECRET is required with LOCAL_SIGN_IN' })
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  /**
   * The local sign-in page, where anyone who can reach the api picks any role: a developer's machine
   * and compose only. Off unless asked for, so a secret set for bearer tokens never turns it on; the
   * pages sign in with HMPPS Auth whenever that is configured.
   */
  @BooleanSetting()
  @IsBoolean({ message: 'LOCAL_SIGN_IN must be true or false' })
  LOCAL_SIGN_IN: boolean = false;

  /** Tokens from a JWKS must name their issuer (HMPPS Auth), so another tenant's tokens fail. */
  @ValidateIf(
    (settings: ApiSettings) => Boolean(settings.AUTH_JWKS_URL) || settings.AUTH_ISSUER !== undefined,
  )
  @IsString()
  @MinLength(1, { message: 'AUTH_ISSUER is required with AUTH_JWKS_URL' })
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /** The record's PostgreSQL: every read for people comes from it (docs/operations.md). */
  @IsDatabaseUrl()
  DATABASE_URL!: string;

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

  /** Previous decision-link secrets, comma-separated: links sent under them still open while rotating. */
  @IsOptional()
  @Matches(/^\s*[^,\s]{32,}\s*(,\s*[^,\s]{32,}\s*)*$/, {
    message: 'DECISION_LINK_PREVIOUS_SECRETS must be comma-separated secrets of at least 32 characters each',
  })
  DECISION_LINK_PREVIOUS_SECRETS?: string;

  /** How long a decision link works, e.g. "7d" or "48h". */
  @Matches(/^\d+\s?(s|m|h|d|w)$/, { message: 'DECISION_LINK_TTL must be a duration such as 7d or 48h' })
  DECISION_LINK_TTL: string = '7d';

  /** The mail relay, checked by /health (the worker sends the mail). */
  @IsUrl(
    { require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true },
    { message: 'SMTP_URL must be smtp://host:port' },
  )
  SMTP_URL: string = 'smtp://127.0.0.1:1025';

  /** Requests a minute from one address to the routes without a bearer token (links, webhook). */
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT_PER_MINUTE: number = 120;

  /** The same for the EMS provider's webhook deliveries, from its few addresses. */
  @IsInt()
  @Min(1)
  WEBHOOK_RATE_LIMIT_PER_MINUTE: number = 6000;

  /** Browser origins allowed to call the API, comma-separated; none by default (CORS closed). */
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s,]+\s*(,\s*https?:\/\/[^\s,]+\s*)*$/, {
    message: 'CORS_ORIGINS must be comma-separated origins such as https://example.gov.uk',
  })
  CORS_ORIGINS?: string;

  /** The Temporal Web UI's origin, allowed to call the codec endpoint with its credentials. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  TEMPORAL_UI_ORIGIN?: string;

  /** Proxies in front of the api (load balancer, ingress) whose X-Forwarded-For is believed. */
  @IsInt()
  @Min(0)
  TRUSTED_PROXY_HOPS: number = 0;

  /** R7: which reading of "the number of curfew hours" applies. */
  @IsIn(HOURS_POLICIES)
  VARIATION_HOURS_POLICY: HoursPolicy = 'daily-total';

  /** Encrypts the pages' session cookies; unset, a key derived from DECISION_LINK_SECRET is used. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  // Production sign-in to the pages: OAuth2 authorization code at HMPPS Auth. All four or none;
  // set, they replace the local sign-in page.
  @ValidateIf(signsInWithOAuth)
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  AUTH_AUTHORIZE_URL?: string;

  @ValidateIf(signsInWithOAuth)
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  AUTH_TOKEN_URL?: string;

  @ValidateIf(signsInWithOAuth)
  @IsString()
  @MinLength(1, { message: 'AUTH_CLIENT_ID is needed with the other AUTH_* sign-in settings' })
  AUTH_CLIENT_ID?: string;

  @ValidateIf(signsInWithOAuth)
  @IsString()
  @MinLength(1, { message: 'AUTH_CLIENT_SECRET is needed with the other AUTH_* sign-in settings' })
  AUTH_CLIENT_SECRET?: string;

  /** The PDUs (for the local sign-in page), as the worker reads them. */
  @IsString()
  REFERENCE_DATA_PATH: string = join(repoRoot, 'config', 'reference-data.sample.json');
}

function signsInWithOAuth(settings: ApiSettings): boolean {
  return [
    settings.AUTH_AUTHORIZE_URL,
    settings.AUTH_TOKEN_URL,
    settings.AUTH_CLIENT_ID,
    settings.AUTH_CLIENT_SECRET,
  ].some((value) => value !== undefined);
}
