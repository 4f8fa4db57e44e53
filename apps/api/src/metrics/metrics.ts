import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * What `GET /metrics` serves (api.md, Operations): the process's own metrics and every request's
 * duration by method, route and status. Routes are templates (`/variations/:id`), never the path
 * itself, so no id reaches the metrics and their number stays small.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware: times the request until its answer is sent. */
  readonly timeRequests = (request: Request, response: Response, next: NextFunction): void => {
    const done = this.requests.startTimer();
    response.on('finish', () =>
      done({ method: request.method, route: routeOf(request), status_code: response.statusCode }),
    );
    next();
  };
}

/** The route that answered, as declared; requests no route took (404s, static files) are one label. */
function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : 'unmatched';
}
