// The ceiling: a workflow with a real lifecycle's Updates, signals and activities and nothing else in
// them, so the rate it runs at is what this Temporal server and machine allow at best.
import {
  condition,
  defineSignal,
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

/** A message from outside (a person's Update, or an EMS event's signal) and the activities it leads to. */
export interface CeilingMessageStep extends CeilingStep {
  message: 'update' | 'signal';
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
export const stepSignal = defineSignal('step');

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
  // Each message's activities run once the last message's are done, as the next step of a real
  // lifecycle waits for what the previous one set off; an Update answers when its own are done.
  const step = async () => {
    const mine = taken++;
    await condition(() => finished === mine);
    await run(plan.steps[mine]);
    finished += 1;
  };
  setHandler(stepUpdate, step);
  setHandler(stepSignal, () => void step());
  await run(plan.atStart);
  await condition(() => finished === plan.steps.length);
}
