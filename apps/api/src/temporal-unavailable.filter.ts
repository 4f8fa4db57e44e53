import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { ServiceError } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import type { Request, Response } from 'express';

// gRPC codes that mean "not now" rather than "no": the server stopping (CANCELLED), away
// (UNAVAILABLE) or too slow (DEADLINE_EXCEEDED). The fault suite saw each while Temporal restarted.
const NOT_NOW = new Set([1, 4, 14]);

/**
 * When Temporal does not answer (down, restarting, or too slow), callers get 503 with Retry-After,
 * not a 500: nothing was lost, and trying again shortly will work. Everything else is Nest's.
 */
@Catch()
export class TemporalUnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // Our own 503s (an action not yet taken, a variation that cannot be read) say when to try again too.
    if (exception instanceof HttpException && exception.getStatus() === 503)
      response.setHeader('Retry-After', '5');
    if (exception instanceof HttpException || !temporalUnavailable(exception))
      return super.catch(exception, host);
    response.setHeader('Retry-After', '5');
    if (request.path.startsWith('/decisions/')) {
      response.status(503).render('decisions/outcome', {
        title: 'Sorry, there is a problem with the service',
        paragraphs: ['Your decision has not been recorded. Try again in a few minutes.'],
      });
      return;
    }
    response.status(503).json({
      error: 'SERVICE_UNAVAILABLE',
      message: 'The process engine is not answering. Nothing was lost; try again in a few seconds.',
    });
  }
}

export function temporalUnavailable(error: unknown): boolean {
  // A server just restarted has not loaded its namespaces yet (the fault suite saw it). One that never
  // has the namespace is misconfigured, which /health reports; either way it is not this request's fault.
  if (error instanceof NamespaceNotFoundError) return true;
  const code = grpcCode(error instanceof ServiceError ? error.cause : error);
  return typeof code === 'number' && NOT_NOW.has(code);
}

const grpcCode = (error: unknown) => (error as { code?: unknown } | undefined)?.code;
