// What a lifecycle costs Temporal: events, workflow tasks, Updates and activities, from its history.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CeilingPlan } from './ceiling/workflow';
import { round2 } from './metrics';

export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  updates: number;
  activities: number;
  signals: number;
  timers: number;
}

export interface HistorySummary {
  sampled: number;
  eventsMean: number;
  eventsMax: number;
  workflowTasksMean: number;
  workflowTasksMax: number;
  updatesMean: number;
  activitiesMean: number;
  signalsMean: number;
  timersMean: number;
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type EventName = keyof typeof temporal.api.enums.v1.EventType extends `EVENT_TYPE_${infer Name}`
  ? Name
  : never;

const is = (event: HistoryEvent, type: EventName) =>
  event.eventType === temporal.api.enums.v1.EventType[`EVENT_TYPE_${type}`];

export async function historyOf(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
  return events ?? [];
}

export function countsOf(events: HistoryEvent[]): HistoryCounts {
  const count = (type: EventName) => events.filter((event) => is(event, type)).length;
  return {
    events: events.length,
    workflowTasks: count('WORKFLOW_TASK_COMPLETED'),
    updates: count('WORKFLOW_EXECUTION_UPDATE_ACCEPTED'),
    activities: count('ACTIVITY_TASK_SCHEDULED'),
    signals: count('WORKFLOW_EXECUTION_SIGNALED'),
    timers: count('TIMER_STARTED'),
  };
}

export function summarise(all: HistoryCounts[]): HistorySummary {
  const mean = (pick: (c: HistoryCounts) => number) =>
    round2(all.reduce((sum, c) => sum + pick(c), 0) / Math.max(1, all.length));
  const max = (pick: (c: HistoryCounts) => number) => Math.max(0, ...all.map(pick));
  return {
    sampled: all.length,
    eventsMean: mean((c) => c.events),
    eventsMax: max((c) => c.events),
    workflowTasksMean: mean((c) => c.workflowTasks),
    workflowTasksMax: max((c) => c.workflowTasks),
    updatesMean: mean((c) => c.updates),
    activitiesMean: mean((c) => c.activities),
    signalsMean: mean((c) => c.signals),
    timersMean: mean((c) => c.timers),
  };
}

/**
 * The shape the ceiling copies from a real lifecycle: the activities scheduled before the first
 * Update, then those scheduled after each Update until the next one.
 */
export function ceilingPlanOf(events: HistoryEvent[]): CeilingPlan {
  const plan: CeilingPlan = { activitiesAtStart: 0, activitiesAfterUpdate: [] };
  for (const event of events) {
    if (is(event, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')) plan.activitiesAfterUpdate.push(0);
    if (!is(event, 'ACTIVITY_TASK_SCHEDULED')) continue;
    if (plan.activitiesAfterUpdate.length === 0) plan.activitiesAtStart += 1;
    else plan.activitiesAfterUpdate[plan.activitiesAfterUpdate.length - 1] += 1;
  }
  return plan;
}
