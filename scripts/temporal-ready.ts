// Waiting for a Temporal server to answer: the CLI's dev server, the full server, compose's.
import { Connection } from '@temporalio/client';
import { type Child, waitWhileRunning } from './processes';

/** The frontend answers a call (a port taken by its gRPC listener alone is not enough). */
export async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Waits until the server answers, for `timeoutMs` at most; fails at once if it exits meanwhile. */
export function untilServing(address: string, server: Child, timeoutMs = 60_000): Promise<void> {
  return waitWhileRunning(
    server,
    `${server.name} to answer on ${address}`,
    () => temporalAnswers(address),
    timeoutMs,
  );
}
