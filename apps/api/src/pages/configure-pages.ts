import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import { repoRoot } from '../../../../libs/config/src/paths';
import { formatDate } from '../../../../libs/domain/src/dates';
import { PageSessions } from '../../../../libs/security/src/page-session';
import { withoutRuleNumbers } from './forms/form-errors';
import { changesLabel, eventLabel, plainCode, statusLabel, statusTagClass } from './labels';

const modules = join(repoRoot, 'node_modules');

/**
 * Server-rendered GOV.UK pages: Nunjucks with govuk-frontend and MoJ frontend templates, their
 * assets under /assets, and security headers for every response (helmet, with a per-response
 * nonce so the GOV.UK template's one inline script may run and nothing else).
 */
export function configurePages(app: NestExpressApplication): void {
  app.use((request: Request, response: Response, next: NextFunction) => {
    response.locals.cspNonce = randomBytes(16).toString('base64');
    response.locals.currentPath = request.path;
    next();
  });
  // The pages' sessions, kept on the server (libs/security/src/page-session.ts).
  app.use(app.get(PageSessions).middleware);
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
    .addFilter('ukDate', (date: string) => formatDate(date))
    // The MoJ timeline's date filter: "1 June 2024 at 2:05pm", UK time.
    .addFilter('mojDate', (timestamp: string) => ukDateTime(timestamp))
    .addFilter('statusLabel', statusLabel)
    .addFilter('changesLabel', changesLabel)
    .addFilter('statusTagClass', statusTagClass)
    .addFilter('eventLabel', eventLabel)
    .addFilter('plain', (text: string) => plainCode(withoutRuleNumbers(text)));
  app.setViewEngine('njk');

  app.useStaticAssets(join(modules, 'govuk-frontend', 'dist', 'govuk', 'assets'), { prefix: '/assets' });
  app.useStaticAssets(join(modules, 'govuk-frontend', 'dist', 'govuk'), { prefix: '/assets', index: false });
  app.useStaticAssets(join(modules, '@ministryofjustice', 'frontend', 'moj'), {
    prefix: '/assets',
    index: false,
  });
}

const UK_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

function ukDateTime(timestamp: string): string {
  const part = Object.fromEntries(
    UK_DATE_TIME.formatToParts(new Date(timestamp)).map(({ type, value }) => [type, value]),
  );
  return `${part.day} ${part.month} ${part.year} at ${part.hour}:${part.minute}${part.dayPeriod.toLowerCase()}`;
}
