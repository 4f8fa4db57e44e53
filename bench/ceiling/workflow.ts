// The ceiling: a workflow with a real lifecycle's Updates, signals and activities and nothing else in
// them, so the rate it runs at is what this Temporal server and machine allow at best.
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { ActionDefinition, ActionRequest } from '../../workflows/messages';

/** Activities set off at one point of the lifecycle: ordinary ones and local ones. */
export interface CeilingStep {
  activities: number;
  localActivities: number;
}

/**
 * A message from outside and the activities it leads to: a person's action (an Update or a signal, as
 * the api sends it) or an EMS provider's event (a signal from the webhook).
 */
export interface CeilingMessageStep extends CeilingStep {
  message: 'update' | 'signal';
  by: 'person' | 'ems';
}

/** Copied from a real lifecycle's history (bench/history.ts). */
export interface CeilingPlan {
  atStart: CeilingStep;
  /** Each message in turn. */
  steps: CeilingMessageStep[];
}

export interface CeilingActivities {
  nothing(): Promise<void>;
}

export const stepUpdate = defineUpdate<void>('step');
/** Sent bare through the client; with a request id by the HTTP front, as the api sends an action. */
export const stepSignal = defineSignal<[ActionRequest<null>?]>('step');
export const actionSignal: ActionDefinition<null> = defineSignal<[ActionRequest<null>]>('step');
/** Whether the action with this request id has been taken, as the api reads an action's outcome. */
export const takenQuery = defineQuery<boolean, [string]>('taken');
/** What the HTTP front answers a GET with, as the api answers with the view. */
export const progressQuery = defineQuery<{ taken: number; finished: number }>('progress');

const ordinary = proxyActivities<CeilingActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<CeilingActivities>({ startToCloseTimeout: '15 seconds' });
const run = (step: CeilingStep | undefined) =>
  Promise.all([
    ...Array.from({ length: step?.activities ?? 0 }, () => ordinary.nothing()),
    ...Array.from({ length: step?.localActivities ?? 0 }, () => local.nothing()),
  ]);

export async function ceilingWorkflow(plan: CeilingPlan): Promise<void> {
  let taken = 0;
  let finished = 0;
  const requests = new Set<string>();
  // Each message's activities run once the last message's are done, as the next step of a real
  // lifecycle waits for what the previous one set off; an Update answers when its own are done.
  const step = async () => {
    const mine = taken++;
    await condition(() => finished === mine);
    await run(plan.steps[mine]);
    finished += 1;
  };
  setHandler(stepUpdate, step);
  setHandler(stepSignal, (request) => {
    if (request) requests.add(request.requestId);
    void step();
  });
  setHandler(takenQuery, (requestId) => requests.has(requestId));
  setHandler(progressQuery, () => ({ taken, finished }));
  await run(plan.atStart);
  await condition(() => finished === plan.steps.length);
}
