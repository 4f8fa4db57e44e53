import {
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  Matches,
  MinLength,
} from 'class-validator';
import { WithNDelius } from '../../../libs/ndelius/src/ndelius-settings';
import { IsDatabaseUrl } from '../../../libs/record/src/record-settings';
import { MailSettings } from './mail/mail-settings';
import { RETENTION } from './record/record-retention';

/** The worker's configuration: Temporal, mail and the outside parties its activities call. */
export class WorkerSettings extends WithNDelius(MailSettings) {
  /** The record's PostgreSQL, which the workflows publish each variation to (docs/operations.md). */
  @IsDatabaseUrl()
  DATABASE_URL!: string;

  /** How long in-flight activities may run on after SIGTERM before the worker stops anyway. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  WORKER_SHUTDOWN_GRACE_MS: number = 10_000;

  /**
   * How many variations the worker keeps in memory between their steps; unset, the SDK sizes it from
   * the memory it has. With 1, nearly every step replays its variation from history (slow; a test
   * uses it to prove that replay matches the first run).
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  WORKER_MAX_CACHED_WORKFLOWS?: number;

  /** How often the service-level sweep looks for reminders and escalations that are due (R16). */
  @IsInt()
  @Min(1_000)
  SERVICE_LEVEL_SWEEP_MS: number = 900_000;

  /** How often the worker's Schedule looks for stuck variations and tells operators of new ones. */
  @IsInt()
  @Min(1_000)
  STUCK_VARIATION_CHECK_MS: number = 900_000;

  /** How often the record is checked against the running workflows, and caught up (docs/operations.md). */
  @IsInt()
  @Min(1_000)
  RECORD_CATCH_UP_MS: number = 300_000;

  /**
   * R17: how long a closed variation's record is kept, in years ("7y") or days ("30d"); then it is
   * deleted, with an audit entry. For the Data Protection Officer to confirm (docs/operations.md).
   */
  @Matches(RETENTION, { message: 'RECORD_RETENTION must be years or days, such as 7y or 30d' })
  RECORD_RETENTION: string = '7y';

  /** How often records past their retention are looked for. */
  @IsInt()
  @Min(1_000)
  RECORD_RETENTION_CHECK_MS: number = 86_400_000;

  /** Where operators are told of a stuck variation (docs/operations.md). */
  @IsEmail({ require_tld: false }, { message: 'OPERATIONS_EMAIL must be an email address' })
  OPERATIONS_EMAIL: string = 'operations@curfew-variations.local';

  /**
   * host:port where the worker serves Prometheus metrics (the SDK's, and curfew_variations_stuck);
   * unset, none are served.
   */
  @IsOptional()
  @Matches(/^[\w.-]+:\d+$/, { message: 'WORKER_METRICS_ADDRESS must be host:port' })
  WORKER_METRICS_ADDRESS?: string;

  /** The workflow bundle prebuilt by scripts/bundle-workflows.ts (the worker image); unset: bundled at start. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  WORKFLOW_BUNDLE_PATH?: string;

  /** The EMS provider's API; `npm start` runs the simulator here when it is unset. */
  @IsUrl({ require_tld: false, require_protocol: true })
  EMS_API_URL: string = 'http://127.0.0.1:3100';

  @IsString()
  @MinLength(16, { message: 'EMS_API_TOKEN must be at least 16 characters' })
  EMS_API_TOKEN!: string;
}
