import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { CsrfRefused, SignInRequired } from '../../../../libs/security/src/page-session';
import { withoutRuleNumbers } from './forms/form-errors';

const PAGES: Record<number, { title: string; text: string }> = {
  403: {
    title: 'You cannot see this page',
    text: 'It is for another role or another probation delivery unit.',
  },
  404: { title: 'Page not found', text: 'If you typed the web address, check it is correct.' },
  409: { title: 'This cannot be done now', text: 'The variation has moved on. Nothing has been changed.' },
  429: { title: 'Too many attempts', text: 'Wait a minute, then try again.' },
};

/**
 * Errors on the GOV.UK pages answer as pages, not JSON: no sign-in goes to the sign-in page, and
 * every other refusal of the services is said in words.
 */
@Catch(HttpException)
export class PageErrorsFilter implements ExceptionFilter {
  catch(error: HttpException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof SignInRequired) return response.redirect(303, '/sign-in');
    const status = error.getStatus();
    if (error instanceof CsrfRefused) {
      return response.status(status).render('pages/error', {
        title: 'This form has expired',
        paragraphs: ['Nothing has been saved. Go back, reload the page and try again.'],
      });
    }
    const page = PAGES[status] ?? {
      title: 'Sorry, there is a problem with the service',
      text: 'Try again later.',
    };
    const message = (error.getResponse() as { message?: unknown }).message;
    const detail = status === 409 && typeof message === 'string' ? [withoutRuleNumbers(message)] : [];
    response.status(status).render('pages/error', { title: page.title, paragraphs: [page.text, ...detail] });
  }
}
