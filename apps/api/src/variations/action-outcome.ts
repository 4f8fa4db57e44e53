// Reading back what a variation made of a person's action (a signal with a request id): the api's
// act() and the workflow tests share it.
import type { WorkflowHandle } from '@temporalio/client';
import type { VariationView } from '../../../../libs/domain/src/variation';
import {
  type ActionDefinition,
  type ActionOutcome,
  type ActionRequest,
  INVALID_STATE,
} from '../../../../workflows/messages';

export interface Read {
  outcome: ActionOutcome | null;
  view: VariationView;
}

/**
 * The outcome of an action already signalled, once the variation has taken it and moved on, or
 * undefined at the deadline. One refused for a state the variation left in that same workflow task
 * (handlers.ts) changed nothing, so it is sent once more, to be judged by the state it was meant for.
 */
export async function readBack<A>(
  handle: WorkflowHandle,
  action: ActionDefinition<A>,
  request: ActionRequest<A>,
  deadline: number,
  read: (requestId: string) => Promise<Read>,
): Promise<(Read & { outcome: ActionOutcome }) | undefined> {
  let sent = request;
  while (await settled(handle, deadline)) {
    const { outcome, view } = await read(sent.requestId);
    if (outcome && sent === request && refusedForAStateLeft(outcome, view)) {
      sent = { ...request, requestId: `${request.requestId}/again` };
      await handle.signal(action, sent);
    } else if (outcome) return { outcome, view };
  }
  return undefined;
}

/** Refused for the state it was judged in, though the variation had left it in that same task. */
export const refusedForAStateLeft = (outcome: ActionOutcome, view: VariationView) =>
  !outcome.taken && outcome.refusal.type === INVALID_STATE && outcome.refusal.details?.[0] !== view.status;

/**
 * Whether the workflow has no task in flight, waiting for that until the deadline; asks the server,
 * not the worker. A query sent while a task is in flight makes the server open another task to answer
 * it when that one ends, which costs history events (about three an action on the happy path), so an
 * action's outcome is read only once the variation has taken it.
 */
async function settled(handle: WorkflowHandle, deadline: number): Promise<boolean> {
  for (let wait = 5; Date.now() + wait < deadline; wait = Math.min(wait * 2, 100)) {
    const { raw } = await handle.describe();
    if (!raw.pendingWorkflowTask) return true;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return false;
}
