// In-process worker for workflow tests: the workflow bundle is built once per suite and reused.
import {
  bundleWorkflowCode,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import type { TestTemporal } from './temporal-server';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // As in production (scripts/bundle-workflows.ts): the workflow's own failures are encrypted too.
    failureConverterPath: require.resolve('../../libs/temporal/src/failure-converter'),
    logger: quietLogger,
  });
  return bundle;
}

export async function createWorker(
  temporal: TestTemporal,
  taskQueue: string,
  activities: object = {},
  options: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({
    connection: temporal.env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    dataConverter: dataConverter(temporal.secrets),
    // The record's sink goes nowhere unless a test gives one.
    sinks: { record: { publish: { fn: () => undefined } } },
    ...options,
  });
}

const quiet = () => undefined;
const quietLogger = {
  log: quiet,
  trace: quiet,
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: console.error,
};
