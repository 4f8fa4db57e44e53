import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EmsEventType } from '../../../libs/contracts/src/ems-webhook.dto';
import type { VisitOutcome } from '../../../libs/domain/src/variation';
import type { NoticeRecord } from './notice-store.service';
import { rejectReason, type Rule, Rules, visitOutcome } from './rules.service';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStopped, Timers } from './timers';
import { type EmsEvent, WebhookDelivery } from './webhook-delivery.service';

/** One event to send: its body is dated when it goes out (after its delay). */
export interface PlannedEvent {
  type: EmsEventType;
  webhookId: string;
  outcome?: VisitOutcome;
  reason?: string;
  /** A redelivery sends the earlier body again, unchanged. */
  body?: EmsEvent;
  /** Deliveries under the same webhook-id. */
  copies: number;
  delayMs: number;
  /** Sent by hand through the admin API: goes out even after a withdrawal. */
  manual: boolean;
}

export const newWebhookId = () => `msg_${randomUUID()}`;

/**
 * Decides the events of each notice and sends them one after the other: the events of a notice
 * leave in the order planned, each after its delay and once the previous one is delivered (or given up).
 */
@Injectable()
export class EventScheduler {
  private readonly logger = new Logger('EmsEventScheduler');
  private readonly queues = new Map<string, Promise<void>>();
  private queued = 0;

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly rules: Rules,
    private readonly timers: Timers,
    private readonly delivery: WebhookDelivery,
  ) {}

  /** Events planned but not yet finished (waiting, being delivered or retried). */
  get pending(): number {
    return this.queued;
  }

  /** A new VARIATION notice: confirmation (or rejection), then the visit of an address change. */
  noticeReceived(notice: NoticeRecord): void {
    if (notice.body.kind !== 'VARIATION') return;
    const rule = this.rules.matching(notice.body);
    if (this.held(rule)) return;
    const reject = rule?.confirm === 'REJECT';
    const decision = this.plan(rule, {
      type: reject ? 'variation.rejected' : 'variation.confirmed',
      reason: reject ? rejectReason(rule) : undefined,
    });
    const events = [decision];
    if (!reject && notice.body.variationTypes.includes('CHANGE_TO_ADDRESS')) {
      notice.visitsSent += 1;
      const visit = this.plan(rule, { type: 'visit.completed', outcome: visitOutcome(rule, 1) });
      events[rule?.reorder ? 'unshift' : 'push'](visit);
    }
    for (const event of events) this.enqueue(notice, event);
  }

  /** An accepted visit request: one more visit.completed, the n-th visit's outcome. */
  visitRequested(notice: NoticeRecord, visit: number): void {
    const rule = this.rules.matching(notice.body);
    if (this.held(rule)) return;
    notice.visitsSent += 1;
    this.enqueue(notice, this.plan(rule, { type: 'visit.completed', outcome: visitOutcome(rule, visit) }));
  }

  /** The admin API: an event sent now (after whatever of this notice is already under way). */
  sendNow(
    notice: NoticeRecord,
    request: {
      type: EmsEventType;
      outcome?: VisitOutcome;
      reason?: string;
      webhookId?: string;
      body?: EmsEvent;
    },
  ): string {
    const rule = this.rules.matching(notice.body);
    let { outcome, reason } = request;
    if (!request.body && request.type === 'visit.completed') {
      notice.visitsSent += 1;
      outcome ??= visitOutcome(rule, notice.visitsSent);
    }
    if (!request.body && request.type === 'variation.rejected') reason ??= rejectReason(rule);
    const event: PlannedEvent = {
      ...this.plan(rule, { type: request.type, outcome, reason }),
      webhookId: request.webhookId ?? newWebhookId(),
      body: request.body,
      delayMs: 0,
      manual: true,
    };
    this.enqueue(notice, event);
    return event.webhookId;
  }

  private held(rule: Rule | undefined): boolean {
    return rule?.hold ?? this.settings.EMS_SIMULATOR_MODE === 'hold';
  }

  private plan(
    rule: Rule | undefined,
    event: { type: EmsEventType; outcome?: VisitOutcome; reason?: string },
  ): PlannedEvent {
    return {
      ...event,
      webhookId: newWebhookId(),
      copies: rule?.duplicates ?? 1,
      delayMs: rule?.delayMs ?? this.settings.EMS_SIMULATOR_DELAY_MS,
      manual: false,
    };
  }

  private enqueue(notice: NoticeRecord, event: PlannedEvent): void {
    this.queued += 1;
    const previous = this.queues.get(notice.reference) ?? Promise.resolve();
    const next = previous
      .then(() => this.send(notice, event))
      .catch((error: unknown) => {
        if (error instanceof SimulatorStopped) return;
        this.logger.error(
          `Webhook ${event.webhookId} (${notice.reference}) failed: ${(error as Error).message}`,
        );
      })
      .finally(() => {
        this.queued -= 1;
        if (this.queues.get(notice.reference) === next) this.queues.delete(notice.reference);
      });
    this.queues.set(notice.reference, next);
  }

  private async send(notice: NoticeRecord, event: PlannedEvent): Promise<void> {
    if (event.delayMs > 0) await this.timers.sleep(event.delayMs);
    if (notice.withdrawn && !event.manual) {
      this.logger.log(
        `Webhook ${event.webhookId} (${event.type}, ${notice.reference}) dropped: notice withdrawn`,
      );
      return;
    }
    const body = event.body ?? this.body(notice, event);
    for (let copy = 1; copy <= event.copies; copy++) {
      await this.delivery.deliver(event.webhookId, notice.reference, body);
    }
  }

  private body(notice: NoticeRecord, event: PlannedEvent): EmsEvent {
    const variationId = notice.body.variationId;
    const occurredAt = new Date().toISOString();
    switch (event.type) {
      case 'variation.confirmed':
        return { type: event.type, data: { variationId, reference: notice.reference, occurredAt } };
      case 'variation.rejected':
        return {
          type: event.type,
          data: { variationId, reference: notice.reference, reason: event.reason, occurredAt },
        };
      case 'visit.completed':
        return { type: event.type, data: { variationId, outcome: event.outcome, occurredAt } };
    }
  }
}
