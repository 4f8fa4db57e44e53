import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { temporalLogger } from './temporal-logger';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // Nest owns the signals and calls worker.shutdown(); the Temporal runtime must not grab them too.
  // The runtime comes before Nest reads the settings (WorkerSettings checks this one too).
  const metrics = process.env.WORKER_METRICS_ADDRESS;
  Runtime.install({
    shutdownSignals: [],
    logger: temporalLogger(),
    telemetryOptions: {
      // The SDK's native core prints its warnings (Temporal away, a workflow task failing) to the
      // console in a format of its own unless forwarded; forwarded, they are JSON lines like the rest.
      logging: { forward: {} },
      ...(metrics && { metrics: { prometheus: { bindAddress: metrics } } }),
    },
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
