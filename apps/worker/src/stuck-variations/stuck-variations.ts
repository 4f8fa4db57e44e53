import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { tsToDate } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { type Mailer, messageIdFor } from '../../../../libs/notifications/src';
import { escapeHtml } from '../../../../libs/notifications/src/email-layout';
import type { StuckVariationActivities } from '../../../../workflows/activities';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** A variation that cannot go on: its workflow task has failed since `since` and is being retried. */
interface Stuck {
  workflowId: string;
  since: string;
  attempts: number;
  /** Temporal's word for why (NON_DETERMINISTIC_ERROR, say): never the failure's message. */
  cause: string;
}

/**
 * Finds the variations whose workflow task keeps failing (a change that does not replay, a fault in
 * the SDK or our code), and tells operators once each: a log line and an email naming only the
 * variation's id, and a gauge. Mending is by hand (docs/operations.md, "A stuck variation").
 */
export class StuckVariations {
  constructor(
    private readonly mailer: Mailer,
    private readonly operators: string,
  ) {}

  activities(): StuckVariationActivities {
    return { reportStuckVariations: (window) => this.report(window) };
  }

  private async report({ since, until }: { since: string; until: string }) {
    const { client, info, log, metricMeter } = Context.current();
    const running = client.workflow.list({
      query:
        `ExecutionStatus = "Running" AND TaskQueue = "${info.taskQueue}"` +
        ` AND WorkflowType IN ("variationWorkflow", "courtVariationWorkflow")`,
    });
    let stuck = 0;
    let reported = 0;
    for await (const { workflowId } of running) {
      Context.current().heartbeat(stuck);
      const found = await stuckOne(client, workflowId);
      if (!found) continue;
      stuck += 1;
      if (found.since < since || found.since >= until) continue;
      log.error('A variation is stuck: its workflow task keeps failing', { ...found });
      await this.mailer.send(alert(found, this.operators));
      reported += 1;
    }
    metricMeter
      .createGauge('curfew_variations_stuck', 'int', 'Running variations whose workflow task keeps failing')
      .set(stuck);
    return { stuck, reported };
  }
}

/** Stuck when its pending task is a retry and the last task before it failed (not a worker timing out). */
async function stuckOne(client: Client, workflowId: string): Promise<Stuck | undefined> {
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  const attempts = raw.pendingWorkflowTask?.attempt ?? 0;
  if (attempts < 2) return undefined;
  const { history } = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 100,
  });
  const last = history?.events?.find((e) =>
    [
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    ].includes(e.eventType!),
  );
  if (last?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) return undefined;
  return {
    workflowId,
    since: tsToDate(last.eventTime!).toISOString(),
    attempts,
    cause: WorkflowTaskFailedCause[last.workflowTaskFailedEventAttributes!.cause!] ?? 'UNKNOWN',
  };
}

function alert({ workflowId, since, attempts, cause }: Stuck, operators: string) {
  const id = workflowId.replace(/^variation-/, '');
  const lines = [
    `Variation ${id} cannot go on: its workflow task has failed since ${since} (${cause}, ${attempts} attempts so far).`,
    'Nothing is lost: the actions and events it receives are kept, and apply once it runs again. Do not send it anything meanwhile.',
    `Put the worker right, then mend it: npm run variation:reset -- ${id} (docs/operations.md, "A stuck variation").`,
  ];
  return {
    to: { name: 'Curfew variations operators', email: operators },
    subject: `Curfew variation ${id.slice(0, 8)} is stuck`,
    text: lines.join('\n\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
    // The same alert however often its activity is retried.
    messageId: messageIdFor(`stuck/${workflowId}/${since}`),
  };
}
