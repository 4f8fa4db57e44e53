import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cors from 'cors';
import { raw, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { strictValidation } from '../../../libs/contracts/src/validation-errors';
import type { ApiSettings } from './api-settings';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi';
import { configurePages } from './pages/configure-pages';
import { RouteMissFilter } from './route-miss.filter';
import { TemporalUnavailableFilter } from './temporal-unavailable.filter';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    // While draining, a request on a kept-alive connection gets 503 and the connection is closed,
    // so pooled clients go elsewhere instead of holding a stopping api open (issue 9).
    return503OnClosing: true,
  });
  app.useLogger(app.get(Logger));
  // The EMS webhook's body is read as bytes and parsed only after its signature is verified, so a
  // forged request is a 401 whatever it carries. (Registered before Nest's JSON parser, which then
  // leaves this route alone.)
  app.use('/webhooks/ems', raw({ type: () => true, limit: '100kb' }), keepRawBody);
  configurePages(app);
  app.useGlobalPipes(strictValidation());
  // Nest asks the last registered filter first: a route miss is answered before the catch-all.
  const httpAdapter = app.get(HttpAdapterHost).httpAdapter;
  app.useGlobalFilters(new TemporalUnavailableFilter(httpAdapter), new RouteMissFilter(httpAdapter));
  app.enableShutdownHooks();

  serveOpenApi(app);

  const config = app.get<ConfigService<ApiSettings, true>>(ConfigService);
  // Rate limits count per client address, which behind a proxy is in X-Forwarded-For.
  app.set('trust proxy', config.get('TRUSTED_PROXY_HOPS', { infer: true }));
  // Closed unless origins are named: the pages are same-origin and other callers are not browsers.
  const origins = config.get('CORS_ORIGINS', { infer: true });
  const temporalUi = config.get('TEMPORAL_UI_ORIGIN', { infer: true });
  if (temporalUi) app.use('/codec', cors({ origin: temporalUi, credentials: true, maxAge: 600 }));
  if (origins)
    app.enableCors({ origin: origins.split(',').map((origin) => origin.trim()), credentials: false });
  await app.listen(config.get('PORT', { infer: true }), config.get('HOST', { infer: true }));
}

/** The bytes the signature covers, where WebhookSignatureGuard reads them. */
function keepRawBody(request: Request & { rawBody?: Buffer }, _response: Response, next: NextFunction): void {
  if (Buffer.isBuffer(request.body)) request.rawBody = request.body;
  else request.body = request.rawBody = Buffer.alloc(0);
  next();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
