import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startSimulator } from './simulator.module';

async function main(): Promise<void> {
  const { app, settings, baseUrl } = await startSimulator(process.env);
  // SIGTERM/SIGINT close the app: pending event timers are cleared and in-flight webhooks aborted.
  app.enableShutdownHooks();
  new Logger('EmsSimulator').log(
    `EMS simulator on ${baseUrl} (mode ${settings.EMS_SIMULATOR_MODE}), webhooks to ${settings.EMS_WEBHOOK_URL}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
