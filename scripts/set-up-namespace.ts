// The one step that readies a Temporal namespace for the service: the namespace with its retention
// (created, or that retention set on the one there), then the search attributes the workflows set
// (only those missing). Compose's `set-up-namespace` job runs it, and so does scripts/temporal-cluster.ts
// for the suites, so both are set up alike. Safe to run on every deploy.
import { Connection } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { waitUntil } from './processes';
import { registerSearchAttributes } from './register-search-attributes';
import { temporalAnswers } from './temporal-ready';

export async function setUpNamespace(
  connection: Connection,
  namespace: string,
  retention: Duration,
  options: { searchAttributes?: boolean } = {},
): Promise<'created' | 'updated'> {
  const ttl = msToTs(retention);
  let outcome: 'created' | 'updated' = 'created';
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: ttl });
  } catch (error) {
    if (!/already exists/i.test((error as Error).message)) throw error;
    await connection.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: ttl },
    });
    outcome = 'updated';
  }
  if (options.searchAttributes !== false) await registerSearchAttributes(connection, namespace);
  return outcome;
}

/** Waits while the server is still starting (compose starts it at the same time), then sets up once. */
async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const retention = (process.env.TEMPORAL_RETENTION || '30d') as Duration;
  await waitUntil(`Temporal to answer on ${address}`, () => temporalAnswers(address), 120_000);
  const connection = await Connection.connect({ address });
  try {
    const outcome = await setUpNamespace(connection, namespace, retention);
    console.log(`Namespace ${namespace} ${outcome} with retention ${retention}; search attributes in place`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`Could not set up the namespace: ${error.message}`);
    process.exit(1);
  });
}
