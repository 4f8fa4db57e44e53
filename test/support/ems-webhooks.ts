// The EMS provider's side of the stack: events signed per Standard Webhooks (api.md, EMS provider),
// sent to POST /webhooks/ems over real HTTP. Options break one thing at a time for the failure tests.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { VisitOutcome } from '../../libs/domain/src/variation';
import { type Answer, call } from './http';
import type { Stack } from './stack';

export type WebhookHeader = 'webhook-id' | 'webhook-timestamp' | 'webhook-signature';

export interface EmsWebhookOptions {
  /** The webhook-id; a fresh one for every call unless given (a redelivery reuses it). */
  id?: string;
  /** When the event was sent: the webhook-timestamp (in seconds) and what the signature covers. */
  timestamp?: Date;
  /** Sign with another secret than the stack's EMS_WEBHOOK_SECRET. */
  secret?: string;
  /** Send this webhook-signature instead of the computed one. */
  signature?: string;
  /** Send these bytes instead of the JSON of the event (signed, unless `signedBody` says otherwise). */
  rawBody?: string;
  /** Sign these bytes instead of the ones sent (a tampered body). */
  signedBody?: string;
  /** Leave these headers out. */
  omit?: WebhookHeader[];
}

export interface WebhookAnswer extends Answer {
  /** The webhook-id sent (whether or not the header was left out). */
  webhookId: string;
}

/** Sends one signed EMS event to the stack. */
export async function sendEmsWebhook(
  stack: Stack,
  event: unknown,
  options: EmsWebhookOptions = {},
): Promise<WebhookAnswer> {
  const webhookId = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  const body = options.rawBody ?? JSON.stringify(event);
  const secret = options.secret ?? stack.temporal.secrets.EMS_WEBHOOK_SECRET;
  const signature =
    options.signature ?? new Webhook(secret).sign(webhookId, timestamp, options.signedBody ?? body);

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
  for (const name of options.omit ?? []) delete headers[name];

  const answer = await call(stack.baseUrl, 'POST', '/webhooks/ems', { body, headers });
  return { ...answer, webhookId };
}

/** The events of api.md, dated now unless told otherwise. */
export const emsEvents = {
  confirmed: (variationId: string, reference: string, occurredAt = new Date().toISOString()) => ({
    type: 'variation.confirmed',
    data: { variationId, reference, occurredAt },
  }),
  rejected: (
    variationId: string,
    reference: string,
    reason: string,
    occurredAt = new Date().toISOString(),
  ) => ({
    type: 'variation.rejected',
    data: { variationId, reference, reason, occurredAt },
  }),
  visitCompleted: (variationId: string, outcome: VisitOutcome, occurredAt = new Date().toISOString()) => ({
    type: 'visit.completed',
    data: { variationId, outcome, occurredAt },
  }),
};

/** A well-formed Standard Webhooks secret that is not the stack's. */
export const otherWebhookSecret = () => `whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`;
