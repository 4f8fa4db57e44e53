import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';

/**
 * The same reference on every retry of one activity (workflow id + activity id, architecture.md):
 * the idempotency key that outside parties see.
 */
export function stableReference(prefix: string): string {
  const { workflowExecution, activityId } = Context.current().info;
  const hash = createHash('sha256').update(`${workflowExecution?.workflowId}/${activityId}`).digest('hex');
  return `${prefix}-${hash.slice(0, 16).toUpperCase()}`;
}
