import { IsInt, Max, Min } from 'class-validator';
import { TemporalSettings } from '../../../libs/temporal/src/temporal-settings';

export class WorkerSettings extends TemporalSettings {
  /** How long in-flight activities may run on after SIGTERM before the worker stops anyway. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  WORKER_SHUTDOWN_GRACE_MS: number = 10_000;
}
