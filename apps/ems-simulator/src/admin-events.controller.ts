import {
  Body,
  Controller,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EMS_EVENT_TYPES, type EmsEventType } from '../../../libs/contracts/src/ems-webhook.dto';
import { VISIT_OUTCOMES, type VisitOutcome } from '../../../libs/domain/src/variation';
import { EventScheduler } from './event-scheduler.service';
import { NoticeStore } from './notice-store.service';
import { WebhookDelivery } from './webhook-delivery.service';

// The admin API is for tests and demos: no authentication. It is safe only because the simulator
// listens on 127.0.0.1 (main.ts), never on a public interface.

export class AdminEventDto {
  @IsIn(EMS_EVENT_TYPES)
  type!: EmsEventType;

  /** visit.completed: by default the rule's outcome for the next visit (INSTALLED without a rule). */
  @IsOptional()
  @IsIn(VISIT_OUTCOMES)
  outcome?: VisitOutcome;

  /** variation.rejected: by default the rule's rejectReason. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;

  /** Redeliver: an earlier webhookId sends that webhook's body again under the same id. */
  @IsOptional()
  @Matches(/^\S{1,255}$/, { message: 'webhookId must be 1-255 characters without spaces' })
  webhookId?: string;
}

/** Events sent by hand (hold mode, failure scenarios), through the same signed, retrying delivery. */
@Controller('admin/notices')
export class AdminEventsController {
  constructor(
    private readonly notices: NoticeStore,
    private readonly deliveries: WebhookDelivery,
    private readonly scheduler: EventScheduler,
  ) {}

  @Post(':reference/events')
  @HttpCode(202)
  send(@Param('reference') reference: string, @Body() request: AdminEventDto): { webhookId: string } {
    const notice = this.notices.get(reference);
    if (!notice) throw new NotFoundException({ error: 'NOT_FOUND', message: `No notice ${reference}` });

    const earlier = request.webhookId ? this.deliveries.find(request.webhookId) : undefined;
    if (earlier) {
      const { data } = earlier.event;
      if (
        earlier.reference !== reference ||
        earlier.type !== request.type ||
        (request.outcome !== undefined && request.outcome !== data.outcome) ||
        (request.reason !== undefined && request.reason !== data.reason)
      ) {
        throw new UnprocessableEntityException({
          error: 'WEBHOOK_ID_MISMATCH',
          message: `Webhook ${request.webhookId} was another event: a redelivery sends the same one`,
        });
      }
    }
    return { webhookId: this.scheduler.sendNow(notice, { ...request, body: earlier?.event }) };
  }
}
