import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../../../../libs/security/src/auth.guard';
import { MailHealthIndicator } from './mail.health';
import { TemporalHealthIndicator } from './temporal.health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly temporal: TemporalHealthIndicator,
    private readonly mail: MailHealthIndicator,
  ) {}

  /** 200 when every party the service depends on answers, 503 otherwise. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.temporal.check(), () => this.mail.check()]);
  }
}
