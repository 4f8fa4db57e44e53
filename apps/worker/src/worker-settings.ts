import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { MailSettings } from './mail/mail-settings';

/** The worker's configuration: Temporal, mail and the outside parties its activities call. */
export class WorkerSettings extends MailSettings {
  /** How long in-flight activities may run on after SIGTERM before the worker stops anyway. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  WORKER_SHUTDOWN_GRACE_MS: number = 10_000;

  /** nDelius; unset, a local stand-in acknowledges contacts. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  NDELIUS_API_URL?: string;

  @IsOptional()
  @IsString()
  NDELIUS_API_TOKEN?: string;
}
