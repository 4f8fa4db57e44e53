import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public } from '../../../../libs/security/src/auth.guard';
import { Registry } from 'prom-client';
import { Metrics } from './metrics';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus's text format. Public like /health: it holds no personal data (keep it internal at the ingress). */
  @Get()
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
