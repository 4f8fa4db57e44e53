import { Injectable, Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import type { EmsEventType } from '../../../libs/contracts/src/ems-webhook.dto';
import type { VisitOutcome } from '../../../libs/domain/src/variation';
import { signingSecret, SimulatorSettings } from './simulator-settings';
import { SimulatorStopped, Timers } from './timers';

/** A webhook body as api.md (EMS provider) describes it. */
export interface EmsEvent {
  type: EmsEventType;
  data: {
    variationId: string;
    reference?: string;
    reason?: string;
    outcome?: VisitOutcome;
    occurredAt: string;
  };
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

/** One delivery of one webhook (a redelivery is another record with the same webhookId). */
export interface DeliveryRecord {
  webhookId: string;
  type: EmsEventType;
  variationId: string;
  reference: string;
  event: EmsEvent;
  attempts: DeliveryAttempt[];
  /** A 2xx answer was received. */
  delivered: boolean;
  /** No more attempts will be made (delivered, out of attempts, or the simulator stopped). */
  finished: boolean;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends one webhook the way a Standard Webhooks provider does: JSON body, webhook-id, a fresh
 * webhook-timestamp and signature on every attempt, and retries with exponential backoff
 * (base * 2^(attempt - 1)) on a non-2xx answer or a network error, up to the maximum attempts.
 */
@Injectable()
export class WebhookDelivery {
  private readonly logger = new Logger('EmsWebhookDelivery');
  private readonly records: DeliveryRecord[] = [];
  private readonly signer: Webhook;

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly timers: Timers,
  ) {
    this.signer = new Webhook(signingSecret(settings));
  }

  all(): readonly DeliveryRecord[] {
    return this.records;
  }

  /** The first delivery made under a webhook-id, if any (for redelivering it by hand). */
  find(webhookId: string): DeliveryRecord | undefined {
    return this.records.find((record) => record.webhookId === webhookId);
  }

  /** Resolves once delivered or out of attempts; rejects with SimulatorStopped when the app stops. */
  async deliver(webhookId: string, reference: string, event: EmsEvent): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      webhookId,
      type: event.type,
      variationId: event.data.variationId,
      reference,
      event,
      attempts: [],
      delivered: false,
      finished: false,
    };
    this.records.push(record);
    const body = JSON.stringify(event);
    const maxAttempts = this.settings.EMS_SIMULATOR_MAX_ATTEMPTS;
    try {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        if (attempt > 1)
          await this.timers.sleep(this.settings.EMS_SIMULATOR_RETRY_BASE_MS * 2 ** (attempt - 2));
        const result = await this.attempt(webhookId, body);
        record.attempts.push(result);
        const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
        this.logger.log(
          `Webhook ${webhookId} (${event.type}, ${reference}, variation ${event.data.variationId}) ` +
            `attempt ${attempt}/${maxAttempts}: ${result.status ?? result.error}`,
        );
        if (ok) {
          record.delivered = true;
          return record;
        }
      }
      this.logger.warn(
        `Webhook ${webhookId} (${event.type}, ${reference}) given up after ${maxAttempts} attempts`,
      );
      return record;
    } finally {
      record.finished = true;
    }
  }

  private async attempt(webhookId: string, body: string): Promise<DeliveryAttempt> {
    const sentAt = new Date();
    const at = sentAt.toISOString();
    try {
      const response = await fetch(this.settings.EMS_WEBHOOK_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(webhookId, sentAt, body),
        },
        body,
        signal: AbortSignal.any([this.timers.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { at, status: response.status };
    } catch (error) {
      if (this.timers.signal.aborted) throw new SimulatorStopped();
      return { at, error: describe(error) };
    }
  }
}

/** fetch hides the reason in `cause` (ECONNREFUSED...). Duck-typed: the error may come from another realm. */
function describe(error: unknown): string {
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (name === 'TimeoutError') return `timed out after ${REQUEST_TIMEOUT_MS} ms`;
  const reason = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof reason.code === 'string') return reason.code;
  if (typeof reason.message === 'string') return reason.message;
  return message ?? String(error);
}
