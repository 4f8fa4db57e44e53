import { Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { RecordEntry, VariationRecords } from '../../../../libs/record/src/variation-records';
import type { RecordUpkeepActivities } from '../../../../workflows/activities';
import { recordEntryQuery } from '../../../../workflows/messages';
import { VariationStatus } from '../../../../workflows/search-attributes';

const VARIATIONS = `WorkflowType IN ("variationWorkflow", "courtVariationWorkflow")`;
/** Variations asked for their record entry at once. */
const CONCURRENCY = 8;

/** Brings the record up to the workflows: the catch-up Schedule's activity, and the rebuild command. */
export class RecordCatchUp {
  private readonly logger = new Logger('Record');

  constructor(private readonly records: VariationRecords) {}

  activities(): Pick<RecordUpkeepActivities, 'catchUpRecord'> {
    return {
      catchUpRecord: () => {
        const context = Context.current();
        // This task queue's variations only: each deployment sharing a namespace keeps its own.
        const running = `${VARIATIONS} AND ExecutionStatus = "Running" AND TaskQueue = "${context.info.taskQueue}"`;
        return this.republish(context.client, running, true, (published) => context.heartbeat(published));
      },
    };
  }

  /**
   * Publishes every variation Temporal still holds, open or closed, from its workflow: into a new or
   * restored database, or one that missed writes. A record already as new is left as it is. The
   * worker must be running: a closed variation answers only once a worker has replayed it.
   */
  rebuild(client: Client, progress: (published: number) => void): Promise<number> {
    return this.republish(client, VARIATIONS, false, progress);
  }

  /**
   * Lists the variations that `query` finds, and publishes each again from its workflow: all of them,
   * or (`onlyBehind`) those whose record is missing or shows another status than their workflow.
   */
  private async republish(
    client: Client,
    query: string,
    onlyBehind: boolean,
    progress: (published: number) => void,
  ): Promise<number> {
    let published = 0;
    let page: { id: string; status?: string }[] = [];
    const flush = async () => {
      const recorded = onlyBehind ? await this.records.statusesOf(page.map((v) => v.id)) : new Map();
      const behind = onlyBehind ? page.filter((v) => recorded.get(v.id) !== v.status) : page;
      for (let i = 0; i < behind.length; i += CONCURRENCY) {
        const entries = await Promise.all(behind.slice(i, i + CONCURRENCY).map((v) => entryOf(client, v.id)));
        const found = entries.filter((entry): entry is RecordEntry => !!entry);
        await this.records.publish(found);
        published += found.length;
      }
      if (onlyBehind && behind.length > 0)
        this.logger.log(`The record caught up with ${behind.length} variations`);
      page = [];
      progress(published);
    };
    for await (const execution of client.workflow.list({ query })) {
      page.push({
        id: execution.workflowId.replace(/^variation-/, ''),
        status: execution.typedSearchAttributes.get(VariationStatus),
      });
      if (page.length === 100) await flush();
    }
    await flush();
    return published;
  }
}

/** The variation's record entry now; undefined if it has gone from Temporal meanwhile. */
async function entryOf(client: Client, id: string): Promise<RecordEntry | undefined> {
  try {
    return await client.workflow.getHandle(`variation-${id}`).query(recordEntryQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
