import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Logger,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { invalidRequest } from '../../../../libs/contracts/src/validation-errors';
import { EmsWebhookDto, missingFields } from '../../../../libs/contracts/src/ems-webhook.dto';
import { AuditSink } from '../../../../libs/audit/src/audit';
import { Public } from '../../../../libs/security/src/auth.guard';
import { WebhookSignatureGuard } from '../../../../libs/security/src/webhook-signature.guard';
import type { EmsEvent } from '../../../../workflows/messages';
import { VariationsService } from '../variations/variations.service';
import { RateLimited } from '../public-rate-limit';

/**
 * The EMS provider's events (R15). Signed, not authenticated by token. 204 only once Temporal has
 * recorded the event; a redelivery has no second effect (the variation takes each event once).
 */
@ApiTags('EMS provider')
@Controller('webhooks/ems')
export class EmsWebhookController {
  private readonly logger = new Logger('EmsWebhook');

  constructor(
    private readonly variations: VariationsService,
    private readonly audit: AuditSink,
  ) {}

  @Post()
  @Public()
  @RateLimited('provider')
  @UseGuards(WebhookSignatureGuard)
  @HttpCode(204)
  @ApiHeader({ name: 'webhook-id', required: true })
  @ApiHeader({ name: 'webhook-timestamp', required: true })
  @ApiHeader({ name: 'webhook-signature', required: true })
  @ApiNoContentResponse({
    description: 'Durably recorded; a redelivered webhook-id also gets 204, with no second effect',
  })
  @ApiBadRequestResponse({ description: 'INVALID_REQUEST: a malformed body, naming what is missing' })
  @ApiUnauthorizedResponse({
    description: 'A missing or wrong signature, or a timestamp more than 5 minutes off',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such variation' })
  @ApiConflictResponse({ description: 'INVALID_STATE: a new event to a variation that has ended' })
  @ApiServiceUnavailableResponse({
    description: 'Not recorded: Temporal cannot be reached; deliver again after Retry-After',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many deliveries from one address: try after Retry-After' })
  @ApiBody({ type: EmsWebhookDto })
  async receive(@Body() bytes: Buffer, @Headers('webhook-id') webhookId: string): Promise<void> {
    const body = await readEvent(bytes);
    const missing = missingFields(body);
    if (missing.length) {
      const messages = missing.map((field) => `${field} is required for ${body.type}`);
      throw new BadRequestException({
        error: 'INVALID_REQUEST',
        fields: missing.map((field, i) => ({ field, messages: [messages[i]] })),
        messages,
      });
    }
    const { variationId, ...data } = body.data;
    try {
      await this.variations.signalEmsEvent(variationId, { type: body.type, ...data, webhookId } as EmsEvent);
      this.logger.log(`Webhook ${webhookId}: ${body.type} for variation ${variationId} recorded`);
      this.audit.record({
        who: 'ems-provider',
        what: 'ACTION',
        variationId,
        why: `webhook ${body.type} (${webhookId})`,
      });
    } catch (error) {
      this.logger.warn(
        `Webhook ${webhookId}: ${body.type} for variation ${variationId} refused: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}

/**
 * Parsed here, once the signature is verified (main.ts reads this route's body as bytes), so a forged
 * request is a 401 whatever its body. Validated here rather than by the global pipe, which refuses
 * unknown fields: a provider adding a field to its events must not have every delivery refused.
 * Unknown fields are dropped instead.
 */
async function readEvent(bytes: Buffer): Promise<EmsWebhookDto> {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BadRequestException({ error: 'INVALID_REQUEST', messages: ['The body is not JSON'] });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BadRequestException({ error: 'INVALID_REQUEST', messages: ['The body is not a JSON object'] });
  }
  const body = plainToInstance(EmsWebhookDto, raw);
  const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length) throw invalidRequest(errors);
  return body;
}
