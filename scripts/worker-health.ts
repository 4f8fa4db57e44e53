// The worker image's HEALTHCHECK: the worker serves no HTTP, so ask Temporal whether a worker on this
// host polls the task queue. Exit 0 when one does, 1 otherwise. The server forgets a poller a few
// minutes after its last poll, so a worker that is up but stuck turns unhealthy.
import { hostname } from 'node:os';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'curfew-variations';
// The SDK's default worker identity is <pid>@<hostname>.
const mine = `@${hostname()}`;

async function main(): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  await connection.close();
  const identities = (pollers ?? []).map((poller) => poller.identity ?? '');
  if (!identities.some((identity) => identity.endsWith(mine))) {
    throw new Error(`no worker on ${hostname()} polls it (pollers: ${identities.join(', ') || 'none'})`);
  }
}

main().catch((error: Error) => {
  console.error(`Unhealthy: ${taskQueue} on ${address}: ${error.message}`);
  process.exit(1);
});
