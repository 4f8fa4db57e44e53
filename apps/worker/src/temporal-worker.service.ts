import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectionOptions, connectionSettings } from '../../../libs/temporal/src/connection-options';
import { dataConverter } from '../../../libs/temporal/src/data-converter';
import { Activities } from './activities';
import { RecordPublisher, recordSinks } from './record/record-publisher';
import { RecordCatchUp } from './record/record-catch-up';
import { RecordRetention } from './record/record-retention';
import { scheduleJobs } from './schedules/schedule-job';
import { serviceLevelActivities } from './service-levels/service-level-sweep';
import { StuckVariations } from './stuck-variations/stuck-variations';
import type { WorkerSettings } from './worker-settings';

/** Runs the Temporal worker for the app's lifetime; Nest drives its shutdown (architecture.md). */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private scheduling?: Promise<void>;
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: ConfigService<WorkerSettings, true>,
    private readonly activities: Activities,
    private readonly stuckVariations: StuckVariations,
    private readonly recordPublisher: RecordPublisher,
    private readonly recordCatchUp: RecordCatchUp,
    private readonly recordRetention: RecordRetention,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await NativeConnection.connect(connectionOptions(connectionSettings(this.config)));
    const bundlePath = this.config.get('WORKFLOW_BUNDLE_PATH', { infer: true });
    const namespace = this.config.get('TEMPORAL_NAMESPACE', { infer: true });
    const taskQueue = this.config.get('TEMPORAL_TASK_QUEUE', { infer: true });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      ...(bundlePath
        ? { workflowBundle: { codePath: bundlePath } }
        : { workflowsPath: require.resolve('../../../workflows') }),
      activities: {
        ...this.activities.all(),
        ...serviceLevelActivities,
        ...this.stuckVariations.activities(),
        ...this.recordCatchUp.activities(),
        ...this.recordRetention.activities(),
      },
      sinks: recordSinks(this.recordPublisher),
      dataConverter: dataConverter({
        PAYLOAD_ENCRYPTION_KEYS: this.config.get('PAYLOAD_ENCRYPTION_KEYS', { infer: true }),
        PAYLOAD_ENCRYPTION_KEY_ID: this.config.get('PAYLOAD_ENCRYPTION_KEY_ID', { infer: true }),
      }),
      shutdownGraceTime: this.config.get('WORKER_SHUTDOWN_GRACE_MS', { infer: true }),
      maxCachedWorkflows: this.config.get('WORKER_MAX_CACHED_WORKFLOWS', { infer: true }),
    });
    this.running = this.worker.run();
    // A worker that stops by itself (e.g. a fatal error) must take the process down, not idle silently.
    this.running.catch((error: unknown) => {
      this.logger.error(`Worker stopped: ${(error as Error).message}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    const workflows = bundlePath ? `the prebuilt bundle ${bundlePath}` : 'workflows/, bundled at start';
    this.logger.log(`Worker polling task queue ${taskQueue}, running ${workflows}`);
    // The periodic jobs, behind the worker's back: a Temporal that cannot take them yet is tried again.
    const every = (
      setting:
        | 'SERVICE_LEVEL_SWEEP_MS'
        | 'STUCK_VARIATION_CHECK_MS'
        | 'RECORD_CATCH_UP_MS'
        | 'RECORD_RETENTION_CHECK_MS',
    ) => this.config.get(setting, { infer: true });
    const jobs = [
      { workflowType: 'serviceLevelSweep', everyMs: every('SERVICE_LEVEL_SWEEP_MS') },
      { workflowType: 'stuckVariationReport', everyMs: every('STUCK_VARIATION_CHECK_MS') },
      { workflowType: 'recordCatchUp', everyMs: every('RECORD_CATCH_UP_MS') },
      { workflowType: 'recordRetention', everyMs: every('RECORD_RETENTION_CHECK_MS') },
    ].map((job) => ({ ...job, taskQueue }));
    const client = new Client({ connection: this.connection, namespace });
    this.scheduling = scheduleJobs(client, jobs, this.logger, this.stopping.signal);
  }

  // Before any provider shuts down (the mailer among them), so in-flight activities can finish.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.scheduling;
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    // What the stopped workflows handed the record, written before the database's pool closes.
    await this.recordPublisher.flush(this.config.get('WORKER_SHUTDOWN_GRACE_MS', { infer: true }));
    await this.connection?.close();
  }
}
