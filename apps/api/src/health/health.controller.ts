import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../../../libs/security/src/auth.guard';
import { type Health, overallHealth } from './health';
import { MailHealth } from './mail.health';
import { TemporalHealth } from './temporal.health';

const HEALTH = {
  description: '{ status, components: { temporal: { status, details }, mail: { status, details } } }',
};

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly temporal: TemporalHealth,
    private readonly mail: MailHealth,
  ) {}

  /** Readiness: 503 while Temporal is away; the mail relay being away only shows here. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness, and the state of each party the api depends on' })
  @ApiOkResponse(HEALTH)
  @ApiServiceUnavailableResponse(HEALTH)
  async check(@Res({ passthrough: true }) response: Response): Promise<Health> {
    const [temporal, mail] = await Promise.all([this.temporal.check(), this.mail.check()]);
    const health = overallHealth({ temporal, mail });
    response.status(health.status === 'UP' ? 200 : 503);
    return health;
  }
}
