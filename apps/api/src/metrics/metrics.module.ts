import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController], providers: [Metrics] })
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: Metrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.metrics.timeRequests).forRoutes('{*splat}');
  }
}
