import type { WorkflowHandle } from '@temporalio/client';

/**
 * Whether the workflow has no task in flight, waiting for that until the deadline; asks the server,
 * not the worker. A query sent while a task is in flight makes the server open another task to answer it
 * when that one ends, which costs history events (about four an action on the happy path), so an
 * action's outcome is read only once the variation has taken it.
 */
export async function settled(handle: WorkflowHandle, deadline: number): Promise<boolean> {
  for (let wait = 5; Date.now() + wait < deadline; wait = Math.min(wait * 2, 100)) {
    const { raw } = await handle.describe();
    if (!raw.pendingWorkflowTask) return true;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return false;
}
