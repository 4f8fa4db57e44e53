// The ceiling's HTTP front, a process of its own like the service's api (http-front.module.ts).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CeilingFrontModule } from './http-front.module';

async function main(): Promise<void> {
  const app = await NestFactory.create(CeilingFrontModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
