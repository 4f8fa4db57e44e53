// The ceiling: a workflow with a real lifecycle's Updates and activities and nothing else in them,
// so the rate it runs at is what this Temporal server and machine allow at best.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** Copied from a real lifecycle's history (bench/history.ts). */
export interface CeilingPlan {
  activitiesAtStart: number;
  /** For each Update in turn, the activities it leads to. */
  activitiesAfterUpdate: number[];
}

export interface CeilingActivities {
  nothing(): Promise<void>;
}

export const stepUpdate = defineUpdate<void>('step');

const { nothing } = proxyActivities<CeilingActivities>({ startToCloseTimeout: '1 minute' });
const run = (count: number) => Promise.all(Array.from({ length: count }, () => nothing()));

export async function ceilingWorkflow(plan: CeilingPlan): Promise<void> {
  let taken = 0;
  let finished = 0;
  // Each Update answers once its activities are done, as the next step of a real lifecycle waits
  // for what the previous one set off (the EMS events follow the notices).
  setHandler(stepUpdate, async () => {
    await run(plan.activitiesAfterUpdate[taken++] ?? 0);
    finished += 1;
  });
  await run(plan.activitiesAtStart);
  await condition(() => finished === plan.activitiesAfterUpdate.length);
}
