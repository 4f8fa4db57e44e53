import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';

/**
 * The same reference on every retry of one activity (workflow id + activity id, architecture.md):
 * the idempotency key that outside parties see.
 */
export function stableReference(prefix: string): string {
  const { activityId } = Context.current().info;
  return referenceFrom(prefix, `${workflowId()}/${activityId}`);
}

/**
 * A Variation Notice's reference (R14). The court and the police get copies of one notice, so they
 * share it, and so does every retry; a withdrawal, or the notice after a new approval (a later
 * decision round), is another notice with another reference.
 */
export function noticeReference(kind: 'VARIATION' | 'WITHDRAWAL', round: number): string {
  return referenceFrom('VN', `${workflowId()}/notice/${kind}/${round}`);
}

/**
 * The nDelius contact's reference: one contact per variation (step 7), so one key for every try. Not
 * the activity id: a local activity retried after a backoff is scheduled again with a new one.
 */
export function contactReference(): string {
  return referenceFrom('CONTACT', `${workflowId()}/contact`);
}

const workflowId = () => Context.current().info.workflowExecution?.workflowId;

function referenceFrom(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 16).toUpperCase()}`;
}
