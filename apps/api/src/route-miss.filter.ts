import { type ArgumentsHost, Catch, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Application, Request, Response } from 'express';
import { allowedMethods } from './allowed-methods';

/**
 * A request no route takes: 405 with an Allow header when the path exists for other methods, 404
 * otherwise; as a GOV.UK page to a browser and as JSON to an API client (by Accept). A handler's
 * own 404 (an unknown variation) is left as it was.
 */
@Catch(NotFoundException)
export class RouteMissFilter extends BaseExceptionFilter {
  override catch(exception: NotFoundException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const allowed = allowedMethods(request.app as Application, request.path);
    if (allowed.includes(request.method)) return super.catch(exception, host);

    const browser = request.accepts(['json', 'html']) === 'html';
    if (allowed.length > 0) {
      response.setHeader('Allow', allowed.join(', '));
      response.status(405);
      if (browser) return this.page(response, 'You cannot do that on this page', 'Go back and try again.');
      response.json({
        error: 'METHOD_NOT_ALLOWED',
        message: `${request.path} answers ${allowed.join(', ')}`,
      });
      return;
    }
    response.status(404);
    if (browser)
      return this.page(response, 'Page not found', 'If you typed the web address, check it is correct.');
    response.json({ error: 'NOT_FOUND', message: `There is nothing at ${request.method} ${request.path}` });
  }

  private page(response: Response, title: string, text: string): void {
    response.render('pages/error', { title, paragraphs: [text] });
  }
}
