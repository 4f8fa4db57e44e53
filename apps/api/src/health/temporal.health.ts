import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';

/** Up when the Temporal frontend answers within two seconds. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('temporal');
    try {
      await this.temporal.connection.withDeadline(Date.now() + 2_000, () =>
        this.temporal.workflowService.getSystemInfo({}),
      );
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
