// The ceiling: a workflow with a real lifecycle's Updates and activities and nothing else in them,
// so the rate it runs at is what this Temporal server and machine allow at best.
import {
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

/** Activities set off at one point of the lifecycle: ordinary ones and local ones. */
export interface CeilingStep {
  activities: number;
  localActivities: number;
}

/** Copied from a real lifecycle's history (bench/history.ts). */
export interface CeilingPlan {
  atStart: CeilingStep;
  /** For each Update in turn, the activities it leads to. */
  afterUpdate: CeilingStep[];
}

export interface CeilingActivities {
  nothing(): Promise<void>;
}

export const stepUpdate = defineUpdate<void>('step');

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
  // Each Update answers once its activities are done, as the next step of a real lifecycle waits
  // for what the previous one set off (the EMS events follow the notices).
  setHandler(stepUpdate, async () => {
    await run(plan.afterUpdate[taken++]);
    finished += 1;
  });
  await run(plan.atStart);
  await condition(() => finished === plan.afterUpdate.length);
}
