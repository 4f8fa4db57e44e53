// Long waits must not grow history without bound (issue 3, Durability): a variation may wait weeks.
import type { WorkflowHandle } from '@temporalio/client';
import { act, type Harness, spo, startHarness, sweptUntil } from '../test/support/workflow-harness';
import { triageAction } from './messages';
import { ServiceLevelDueAt } from './search-attributes';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
}, 120_000);
afterAll(() => harness?.stop());

async function historyOf(h: WorkflowHandle) {
  const { events } = await h.fetchHistory();
  const count = (type: string) =>
    events!.filter((e) => e.eventType === (`EVENT_TYPE_${type}` as never)).length;
  return { length: events!.length, count };
}

const decide = async (h: WorkflowHandle) => {
  await act(h, triageAction, { decision: 'REJECT', reason: 'No', by: spo });
  await h.result();
};

it('waiting past the reminder and the escalation costs a fixed number of events, then nothing more', async () => {
  const prompt = await harness.start();
  await decide(prompt);
  const baseline = (await historyOf(prompt)).length;

  // Service levels in milliseconds stand in for working days: the sweep treats them alike.
  const late = await harness.start({
    serviceLevels: { AWAITING_TRIAGE: { due: { milliseconds: 100 }, escalate: { milliseconds: 200 } } },
  });
  await sweptUntil(late, (v) => v.timeline.some((e) => e.event === 'ESCALATED'));
  // Once escalated, ServiceLevelDueAt is unset, so no sweep finds it again however long it waits
  // (30 days or 300): history stays put. No timer is ever started for a service level.
  const { typedSearchAttributes } = await late.describe();
  expect(typedSearchAttributes.get(ServiceLevelDueAt)).toBeUndefined();
  expect((await historyOf(late)).count('TIMER_STARTED')).toBe(0);
  await decide(late);
  const extra = (await historyOf(late)).length - baseline;
  // Each sweep signal costs an event and a workflow task; the reminder and the escalation a message
  // and a search attribute write each. The test sweeps often, so the bound leaves room; what matters
  // is that it is bounded.
  expect(extra).toBeGreaterThan(0);
  expect(extra).toBeLessThanOrEqual(60);
});
