import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ServiceLevelActivities } from '../../../../workflows/activities';
import { serviceLevelDueSignal } from '../../../../workflows/messages';
import { ServiceLevelDueAt } from '../../../../workflows/search-attributes';

/** R16: the sweep's one activity. It lists through visibility, so it sees no personal data. */
export const serviceLevelActivities: ServiceLevelActivities = {
  async signalVariationsDue() {
    const { client, info, log } = Context.current();
    const now = new Date().toISOString();
    let signalled = 0;
    // This task queue's variations only: each deployment sharing a namespace sweeps its own.
    const due = client.workflow.list({
      query:
        `${ServiceLevelDueAt.name} <= "${now}" AND ExecutionStatus = "Running" AND TaskQueue = "${info.taskQueue}"` +
        ` AND WorkflowType IN ("variationWorkflow", "courtVariationWorkflow")`,
    });
    for await (const { workflowId } of due) {
      const variation = client.workflow.getHandle(workflowId);
      try {
        // One whose workflow task keeps failing cannot act on a signal: each sweep's would only grow
        // its history until an operator puts the fault right. It is signalled once it runs again.
        const { raw } = await variation.describe();
        if ((raw.pendingWorkflowTask?.attempt ?? 0) > 1) {
          log.warn('A variation is due but its workflow task keeps failing: not signalled', { workflowId });
          continue;
        }
        await variation.signal(serviceLevelDueSignal);
        signalled += 1;
      } catch (error) {
        // Ended since it was listed: nothing left to chase.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      Context.current().heartbeat(signalled);
    }
    return signalled;
  },
};
