// The ceiling's worker, a process of its own like the service's worker: empty activities, no codec.
import { NativeConnection, Worker } from '@temporalio/worker';
import type { CeilingActivities } from './workflow';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const activities: CeilingActivities = { nothing: async () => undefined };
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: process.env.BENCH_CEILING_TASK_QUEUE!,
    workflowsPath: require.resolve('./workflow'),
    activities,
  });
  await worker.run(); // the SDK shuts down on SIGTERM
  await connection.close();
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
