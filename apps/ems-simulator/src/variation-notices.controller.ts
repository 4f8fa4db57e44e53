import {
  Body,
  ConflictException,
  Controller,
  HttpCode,
  Logger,
  NotFoundException,
  Param,
  Post,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import { EmsNoticeDto } from '../../../libs/contracts/src/ems-notice.dto';
import { BearerTokenGuard } from '../../../libs/security/src/bearer-token.guard';
import { EventScheduler } from './event-scheduler.service';
import { RequiredIdempotencyKey } from './idempotency-key';
import { NoticeStore } from './notice-store.service';
import { Rules } from './rules.service';

/** The provider API our worker calls (api.md, EMS provider). */
@Controller('variation-notices')
@UseGuards(BearerTokenGuard)
export class VariationNoticesController {
  private readonly logger = new Logger('EmsNotices');

  constructor(
    private readonly notices: NoticeStore,
    private readonly scheduler: EventScheduler,
    private readonly rules: Rules,
  ) {}

  /** 201 { reference }; the same key and body again answer the same, with no second processing. */
  @Post()
  @HttpCode(201)
  receive(
    @RequiredIdempotencyKey() idempotencyKey: string,
    @Body() body: EmsNoticeDto,
  ): { reference: string } {
    if (this.notices.stillBusy(idempotencyKey, this.rules.matching(body)?.busyFor)) {
      this.logger.log(`Notice for variation ${body.variationId}: 409, still processing (simulator rule)`);
      throw new ConflictException({
        error: 'IN_PROGRESS',
        message: 'A request with this Idempotency-Key is still being processed',
      });
    }
    const outcome = this.notices.receive(idempotencyKey, body);
    if (outcome.kind === 'key-reused') {
      this.logger.warn(
        `Notice for variation ${body.variationId} refused: Idempotency-Key reused with another body`,
      );
      throw new UnprocessableEntityException({
        error: 'IDEMPOTENCY_KEY_REUSED',
        message: 'This Idempotency-Key was used for a different notice',
      });
    }
    const { notice } = outcome;
    if (outcome.kind === 'replay') {
      this.logger.log(
        `Notice ${notice.reference} (variation ${body.variationId}) replayed: same Idempotency-Key`,
      );
    } else {
      this.logger.log(
        `Notice ${notice.reference} received: ${body.kind} ${body.variationTypes.join('+')} for variation ${body.variationId}`,
      );
      this.scheduler.noticeReceived(notice);
    }
    return { reference: notice.reference };
  }

  /** 202 { reference, visit }: one more visit.completed (the same key again: the same answer, no second visit). */
  @Post(':reference/visit-requests')
  @HttpCode(202)
  requestVisit(
    @Param('reference') reference: string,
    @RequiredIdempotencyKey() idempotencyKey: string,
  ): { reference: string; visit: number } {
    const notice = this.notices.get(reference);
    if (!notice || notice.body.kind !== 'VARIATION') {
      throw new NotFoundException({ error: 'NOT_FOUND', message: `No variation notice ${reference}` });
    }
    const outcome = this.notices.requestVisit(notice, idempotencyKey);
    if (outcome.kind === 'new') {
      this.logger.log(
        `Notice ${reference}: visit ${outcome.visit} requested (variation ${notice.body.variationId})`,
      );
      this.scheduler.visitRequested(notice, outcome.visit);
    } else {
      this.logger.log(`Notice ${reference}: visit ${outcome.visit} request replayed: same Idempotency-Key`);
    }
    return { reference, visit: outcome.visit };
  }
}
