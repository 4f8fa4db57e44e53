// `npm run variation:reset -- <variation id> [--to <event id>]`: mends a stuck variation
// (docs/operations.md, "A stuck variation"). Resets its workflow to the last workflow task completed
// before its task began to fail: that task runs again on today's worker, and every signal received
// since (people's actions, EMS events) is applied again, once. Activities run again keep their
// idempotency keys (workflow id and activity id), so nobody is sent anything twice as a new message.
import { randomUUID } from 'node:crypto';
import { Connection, type Connection as TemporalConnection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where to reset to: the last completed task before the failing streak; undefined when none fails. */
export function resetPoint(events: HistoryEvent[]): number | undefined {
  const outcomes = events.filter((e) =>
    [EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED].includes(
      e.eventType!,
    ),
  );
  const last = outcomes.at(-1);
  if (last?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) return undefined;
  const completed = outcomes.findLast((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  return completed && Number(completed.eventId);
}

/** Resets the variation's running workflow; answers the new run's id and the event it was reset to. */
export async function resetVariation(
  connection: TemporalConnection,
  namespace: string,
  variationId: string,
  to?: number,
): Promise<{ runId: string; resetTo: number }> {
  const workflowId = `variation-${variationId}`;
  const { workflowService } = connection;
  const { workflowExecutionInfo } = await workflowService.describeWorkflowExecution({
    namespace,
    execution: { workflowId },
  });
  const execution = { workflowId, runId: workflowExecutionInfo!.execution!.runId! };
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await workflowService.getWorkflowExecutionHistory({ namespace, execution, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  const resetTo = to ?? resetPoint(events);
  if (!resetTo) throw new Error(`Variation ${variationId} is not stuck: its last workflow task did not fail`);
  const { runId } = await workflowService.resetWorkflowExecution({
    namespace,
    workflowExecution: execution,
    workflowTaskFinishEventId: Long.fromNumber(resetTo),
    reason: 'Stuck variation mended (docs/operations.md)',
    requestId: randomUUID(),
  });
  return { runId: runId!, resetTo };
}

if (require.main === module) {
  const [variationId, flag, to] = process.argv.slice(2);
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (!variationId || (flag && (flag !== '--to' || !/^\d+$/.test(to ?? '')))) {
    console.error('Usage: npm run variation:reset -- <variation id> [--to <event id>]');
    process.exit(2);
  }
  Connection.connect({ address })
    .then(async (connection) => {
      const { runId, resetTo } = await resetVariation(
        connection,
        namespace,
        variationId,
        to ? Number(to) : undefined,
      );
      console.log(`Variation ${variationId} reset to event ${resetTo}: it runs on as run ${runId}`);
      await connection.close();
    })
    .catch((error: Error) => {
      console.error(`Could not reset variation ${variationId}: ${error.message}`);
      process.exit(1);
    });
}
