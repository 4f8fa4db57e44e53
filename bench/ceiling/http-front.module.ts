// The ceiling's HTTP front (issue 24): for each route of a lifecycle, the Temporal calls our api makes
// for it (apps/api/src/variations/variations.service.ts), and nothing else: no validation, auth,
// encryption, record, nDelius, audit or request log.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Module,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { readBack } from '../../apps/api/src/variations/action-outcome';
import type { VariationView } from '../../libs/domain/src/variation';
import {
  actionSignal,
  type CeilingPlan,
  ceilingWorkflow,
  progressQuery,
  stepSignal,
  stepUpdate,
  takenQuery,
} from './workflow';

/** The api's wait for Temporal before a 503. */
const DEADLINE_MS = 15_000;

@Controller()
export class CeilingFrontController {
  private readonly taskQueue = process.env.BENCH_CEILING_TASK_QUEUE!;

  constructor(@Inject(Client) private readonly temporal: Client) {}

  @Get('health')
  health() {
    return { ok: true };
  }

  /** As a submission: the workflow started, and the answer given without asking it. */
  @Post('runs')
  async start(@Body() body: { id: string; plan: CeilingPlan }) {
    await this.temporal.workflow.start(ceilingWorkflow, {
      workflowId: body.id,
      taskQueue: this.taskQueue,
      args: [body.plan],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return { id: body.id };
  }

  /** As opening an open variation: a query. */
  @Get('runs/:id')
  view(@Param('id') id: string) {
    return this.handle(id).query(progressQuery);
  }

  /** As a person's action: the signal with a request id, then its outcome read back as the api does. */
  @Post('runs/:id/actions')
  @HttpCode(200)
  async act(@Param('id') id: string) {
    const handle = this.handle(id);
    const request = { requestId: randomUUID(), requestHash: '', args: null };
    const deadline = Date.now() + DEADLINE_MS;
    await handle.signal(actionSignal, request);
    const read = await readBack(handle, actionSignal, request, deadline, async (requestId) => ({
      outcome: (await handle.query(takenQuery, requestId)) ? { requestHash: '', taken: true } : null,
      // Read only for a refused action, which the ceiling never has.
      view: {} as VariationView,
    }));
    if (!read) throw new ServiceUnavailableException();
    return read.outcome;
  }

  /** A person's action as an Update, should a lifecycle's history hold one. */
  @Post('runs/:id/updates')
  @HttpCode(200)
  async update(@Param('id') id: string) {
    await this.handle(id).executeUpdate(stepUpdate);
    return {};
  }

  /** As the EMS webhook: the status read from the server, then the signal. */
  @Post('runs/:id/events')
  @HttpCode(204)
  async event(@Param('id') id: string) {
    const handle = this.handle(id);
    await handle.describe();
    await handle.signal(stepSignal);
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(id);
  }
}

@Module({
  controllers: [CeilingFrontController],
  providers: [
    {
      provide: Client,
      // As the api's: one client for the process's life, default data converter (no codec).
      useFactory: () =>
        new Client({
          connection: Connection.lazy({ address: process.env.TEMPORAL_ADDRESS }),
          namespace: process.env.TEMPORAL_NAMESPACE || 'default',
        }),
    },
  ],
})
export class CeilingFrontModule {}
