import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import { repoRoot } from '../../../../libs/config/src/paths';
import { formatDate } from '../../../../libs/domain/src/dates';

const modules = join(repoRoot, 'node_modules');

/**
 * Server-rendered GOV.UK pages: Nunjucks with govuk-frontend and MoJ frontend templates, their
 * assets under /assets, and security headers for every response (helmet, with a per-response
 * nonce so the GOV.UK template's one inline script may run and nothing else).
 */
export function configurePages(app: NestExpressApplication): void {
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce}'`],
        },
      },
    }),
  );

  nunjucks
    .configure(
      [
        join(repoRoot, 'apps', 'api', 'views'),
        join(modules, 'govuk-frontend', 'dist'),
        join(modules, '@ministryofjustice', 'frontend'),
      ],
      { autoescape: true, express: app.getHttpAdapter().getInstance() },
    )
    // GOV.UK style: "1 June 2024".
    .addFilter('ukDate', (date: string) => formatDate(date));
  app.setViewEngine('njk');

  app.useStaticAssets(join(modules, 'govuk-frontend', 'dist', 'govuk', 'assets'), { prefix: '/assets' });
  app.useStaticAssets(join(modules, 'govuk-frontend', 'dist', 'govuk'), { prefix: '/assets', index: false });
  app.useStaticAssets(join(modules, '@ministryofjustice', 'frontend', 'moj'), {
    prefix: '/assets',
    index: false,
  });
}
