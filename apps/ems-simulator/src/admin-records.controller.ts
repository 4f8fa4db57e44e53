import { Controller, Get } from '@nestjs/common';
import type { EmsNoticeDto } from '../../../libs/contracts/src/ems-notice.dto';
import { EventScheduler } from './event-scheduler.service';
import { NoticeStore } from './notice-store.service';
import { SimulatorSettings } from './simulator-settings';
import { type DeliveryRecord, WebhookDelivery } from './webhook-delivery.service';

// The admin API is for tests and demos: no authentication. It is safe only because the simulator
// listens on 127.0.0.1 (main.ts), never on a public interface.

/** What the simulator has received and sent, for tests and demos to look at. */
@Controller('admin')
export class AdminRecordsController {
  constructor(
    private readonly settings: SimulatorSettings,
    private readonly notices: NoticeStore,
    private readonly deliveries: WebhookDelivery,
    private readonly scheduler: EventScheduler,
  ) {}

  @Get('notices')
  listNotices(): {
    reference: string;
    idempotencyKey: string;
    body: EmsNoticeDto;
    visitRequests: number;
    receivedAt: string;
  }[] {
    return this.notices.all().map(({ reference, idempotencyKey, body, visitRequests, receivedAt }) => ({
      reference,
      idempotencyKey,
      body,
      visitRequests,
      receivedAt,
    }));
  }

  /** Every delivery, in the order started; a redelivery is a record of its own with the same webhookId. */
  @Get('deliveries')
  listDeliveries(): readonly DeliveryRecord[] {
    return this.deliveries.all();
  }

  /** pendingEvents 0: nothing waiting, being delivered or retried (a test can wait for it). */
  @Get('status')
  status(): { mode: string; pendingEvents: number; notices: number; deliveries: number } {
    return {
      mode: this.settings.EMS_SIMULATOR_MODE,
      pendingEvents: this.scheduler.pending,
      notices: this.notices.all().length,
      deliveries: this.deliveries.all().length,
    };
  }
}
