// Long waits must not grow history without bound (issue 3, Durability): a variation may wait weeks.
import type { WorkflowHandle } from '@temporalio/client';
import { eventually, type Harness, spo, startHarness } from '../test/support/workflow-harness';
import { triageUpdate } from './messages';

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
  await h.executeUpdate(triageUpdate, { args: [{ decision: 'REJECT', reason: 'No', by: spo }] });
  await h.result();
};

it('waiting past the reminder and the escalation costs a fixed number of events, then nothing more', async () => {
  const prompt = await harness.start();
  await decide(prompt);
  const baseline = (await historyOf(prompt)).length;

  // Service levels in milliseconds stand in for working days: the same timers fire either way.
  const late = await harness.start({
    serviceLevels: { AWAITING_TRIAGE: { due: { milliseconds: 100 }, escalate: { milliseconds: 200 } } },
  });
  await eventually(late, (v) => v.timeline.some((e) => e.event === 'ESCALATED'));
  // Once escalated no timer is pending, so however long it waits (30 days or 300), history stays put.
  const waiting = await historyOf(late);
  expect(waiting.count('TIMER_STARTED')).toBe(waiting.count('TIMER_FIRED') + waiting.count('TIMER_CANCELED'));
  await decide(late);
  const extra = (await historyOf(late)).length - baseline;
  // 22 on a quiet machine: two timers, two messages and their workflow tasks. Under load the
  // workflow tasks split differently, so the bound leaves room; what matters is that it is bounded.
  expect(extra).toBeGreaterThan(0);
  expect(extra).toBeLessThanOrEqual(40);
});
