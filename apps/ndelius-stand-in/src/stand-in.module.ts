import 'reflect-metadata';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loggingModule } from '../../../libs/logging/src/logging';
import { MonitoringModule } from '../../../libs/monitoring/src/monitoring.module';
import { BearerTokenGuard, EXPECTED_BEARER_TOKEN } from '../../../libs/security/src/bearer-token.guard';
import { AdminController } from './admin.controller';
import { CaseController } from './case.controller';
import { Contacts } from './contacts';
import { ContactsController } from './contacts.controller';
import { People } from './people';
import { loadStandInSettings, type StandInSettings } from './stand-in-settings';

/** nDelius for local runs and tests: fictional people, their access, and the contacts recorded. */
@Module({})
export class StandInModule {
  static withSettings(settings: StandInSettings, logging: boolean): DynamicModule {
    return {
      module: StandInModule,
      // Everything is in memory: answering /ping is being ready.
      imports: [
        MonitoringModule.forApp('ndelius-stand-in'),
        ...(logging ? [loggingModule('ndelius-stand-in')] : []),
      ],
      controllers: [CaseController, ContactsController, AdminController],
      providers: [
        { provide: EXPECTED_BEARER_TOKEN, useValue: settings.NDELIUS_API_TOKEN },
        BearerTokenGuard,
        { provide: People, useValue: new People(settings.NDELIUS_PEOPLE_PATH) },
        Contacts,
      ],
    };
  }
}

export interface RunningStandIn {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/** Validates the settings (naming every bad variable), then listens on HOST. */
export async function startStandIn(
  raw: NodeJS.ProcessEnv | Record<string, unknown>,
  options: { logger?: false } = {},
): Promise<RunningStandIn> {
  const settings = loadStandInSettings(raw);
  const logging = options.logger !== false;
  const app = await NestFactory.create(StandInModule.withSettings(settings, logging), {
    logger: logging ? undefined : false,
    bufferLogs: logging,
  });
  if (logging) app.useLogger(app.get(Logger));
  await app.listen(settings.NDELIUS_STAND_IN_PORT, settings.HOST);
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
