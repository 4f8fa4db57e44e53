import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startStandIn } from './stand-in.module';

async function main(): Promise<void> {
  const { app, baseUrl } = await startStandIn(process.env);
  app.enableShutdownHooks();
  new Logger('NDeliusStandIn').log(`nDelius stand-in on ${baseUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
