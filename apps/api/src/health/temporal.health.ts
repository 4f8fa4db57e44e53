import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { ComponentHealth } from './health';

/** Up when the Temporal frontend answers within two seconds. */
@Injectable()
export class TemporalHealth {
  constructor(@Inject(Client) private readonly temporal: Client) {}

  async check(): Promise<ComponentHealth> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + 2_000, () =>
        this.temporal.workflowService.getSystemInfo({}),
      );
      return { status: 'UP' };
    } catch (error) {
      return { status: 'DOWN', details: (error as Error).message };
    }
  }
}
