// The references outside parties see as idempotency keys, in an activity's context as in a real run.
import { MockActivityEnvironment } from '@temporalio/testing';
import { contactReference } from './stable-reference';

const inActivity = <T>(fn: () => T, activityId: string, workflowId = 'variation-1') =>
  new MockActivityEnvironment({ activityId, workflowExecution: { workflowId, runId: 'r' } }).run(async () =>
    fn(),
  );

it("keeps the contact's key when a retry comes with a new activity id (a local activity after a backoff)", async () => {
  const first = await inActivity(contactReference, '12');
  expect(first).toMatch(/^CONTACT-/);
  expect(await inActivity(contactReference, '14')).toBe(first);
  expect(await inActivity(contactReference, '12', 'variation-2')).not.toBe(first);
});
