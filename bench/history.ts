// What a lifecycle costs Temporal: events, workflow tasks, Updates and activities, from its history.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { emsEventSignal } from '../workflows/messages';
import type { CeilingPlan } from './ceiling/workflow';
import { round2 } from './metrics';

export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  updates: number;
  activities: number;
  localActivities: number;
  signals: number;
  timers: number;
  /** Every event type present, by name without EVENT_TYPE_. */
  byType: Record<string, number>;
}

export interface HistorySummary {
  sampled: number;
  eventsMean: number;
  eventsMax: number;
  workflowTasksMean: number;
  workflowTasksMax: number;
  updatesMean: number;
  activitiesMean: number;
  localActivitiesMean: number;
  signalsMean: number;
  timersMean: number;
  /** Where the events come from: the mean count of each type, most first. */
  eventsByTypeMean: Record<string, number>;
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type EventName = keyof typeof temporal.api.enums.v1.EventType extends `EVENT_TYPE_${infer Name}`
  ? Name
  : never;

const is = (event: HistoryEvent, type: EventName) =>
  event.eventType === temporal.api.enums.v1.EventType[`EVENT_TYPE_${type}`];
/** A local activity leaves one marker (a patch leaves a marker too, of another name). */
const isLocalActivity = (event: HistoryEvent) =>
  is(event, 'MARKER_RECORDED') && event.markerRecordedEventAttributes?.markerName === 'core_local_activity';

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
    localActivities: events.filter(isLocalActivity).length,
    signals: count('WORKFLOW_EXECUTION_SIGNALED'),
    timers: count('TIMER_STARTED'),
    byType: events.reduce<Record<string, number>>((counts, event) => {
      const name = String(temporal.api.enums.v1.EventType[event.eventType ?? 0]).replace('EVENT_TYPE_', '');
      counts[name] = (counts[name] ?? 0) + 1;
      return counts;
    }, {}),
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
    localActivitiesMean: mean((c) => c.localActivities),
    signalsMean: mean((c) => c.signals),
    timersMean: mean((c) => c.timers),
    eventsByTypeMean: Object.fromEntries(
      [...new Set(all.flatMap((c) => Object.keys(c.byType)))]
        .map((type) => [type, mean((c) => c.byType[type] ?? 0)] as const)
        .sort(([, a], [, b]) => b - a),
    ),
  };
}

/**
 * The shape the ceiling copies from a real lifecycle: the activities (ordinary and local) before
 * the first message (Update or signal), then those after each message until the next one. A signal
 * is the EMS provider's event or else a person's action.
 */
export function ceilingPlanOf(events: HistoryEvent[]): CeilingPlan {
  const plan: CeilingPlan = { atStart: { activities: 0, localActivities: 0 }, steps: [] };
  for (const event of events) {
    if (is(event, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED'))
      plan.steps.push({ message: 'update', by: 'person', activities: 0, localActivities: 0 });
    if (is(event, 'WORKFLOW_EXECUTION_SIGNALED')) {
      const ems = event.workflowExecutionSignaledEventAttributes?.signalName === emsEventSignal.name;
      plan.steps.push({ message: 'signal', by: ems ? 'ems' : 'person', activities: 0, localActivities: 0 });
    }
    const step = plan.steps.at(-1) ?? plan.atStart;
    if (is(event, 'ACTIVITY_TASK_SCHEDULED')) step.activities += 1;
    if (isLocalActivity(event)) step.localActivities += 1;
  }
  return plan;
}
