import 'reflect-metadata';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loggingModule } from '../../../libs/logging/src/logging';
import { MonitoringModule } from '../../../libs/monitoring/src/monitoring.module';
import { strictValidation } from '../../../libs/contracts/src/validation-errors';
import { BearerTokenGuard, EXPECTED_BEARER_TOKEN } from '../../../libs/security/src/bearer-token.guard';
import { AdminEventsController } from './admin-events.controller';
import { AdminRecordsController } from './admin-records.controller';
import { AdminRulesController } from './admin-rules.controller';
import { EventScheduler } from './event-scheduler.service';
import { HealthController } from './health.controller';
import { NoticeStore } from './notice-store.service';
import { Rules } from './rules.service';
import { loadSimulatorSettings, type RawSimulatorSettings, SimulatorSettings } from './simulator-settings';
import { Timers } from './timers';
import { VariationNoticesController } from './variation-notices.controller';
import { WebhookDelivery } from './webhook-delivery.service';

/** The EMS provider stand-in: its API, its admin API, and the webhooks it sends. All in memory. */
@Module({})
export class SimulatorModule {
  static withSettings(settings: SimulatorSettings, logging: boolean): DynamicModule {
    return {
      module: SimulatorModule,
      imports: [
        MonitoringModule.forApp('ems-simulator'),
        ...(logging ? [loggingModule('ems-simulator')] : []),
      ],
      controllers: [
        VariationNoticesController,
        AdminRulesController,
        AdminRecordsController,
        AdminEventsController,
        HealthController,
      ],
      providers: [
        { provide: SimulatorSettings, useValue: settings },
        { provide: EXPECTED_BEARER_TOKEN, useValue: settings.EMS_API_TOKEN },
        BearerTokenGuard,
        Timers,
        NoticeStore,
        Rules,
        WebhookDelivery,
        EventScheduler,
      ],
    };
  }
}

export interface SimulatorOptions {
  /** false for no logs at all (in-process tests); JSON lines (pino) otherwise. */
  logger?: false;
}

/**
 * Builds the simulator app from raw settings (the environment, or a test's object): validated with
 * the defaults applied, throwing and naming every bad variable. Not listening yet.
 */
export async function createSimulator(
  raw: RawSimulatorSettings | NodeJS.ProcessEnv,
  options: SimulatorOptions = {},
): Promise<{ app: INestApplication; settings: SimulatorSettings }> {
  const settings = loadSimulatorSettings(raw);
  const logging = options.logger !== false;
  const app = await NestFactory.create(SimulatorModule.withSettings(settings, logging), {
    logger: logging ? undefined : false,
    bufferLogs: logging,
  });
  if (logging) app.useLogger(app.get(Logger));
  app.useGlobalPipes(strictValidation());
  return { app, settings };
}

export interface RunningSimulator {
  app: INestApplication;
  settings: SimulatorSettings;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Creates the simulator and listens on HOST, 127.0.0.1 unless a container network needs otherwise:
 * the admin API has no authentication, so it must never be reachable from another machine.
 */
export async function startSimulator(
  raw: RawSimulatorSettings | NodeJS.ProcessEnv,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const { app, settings } = await createSimulator(raw, options);
  await app.listen(settings.EMS_SIMULATOR_PORT, settings.HOST);
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, settings, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
