import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  type HttpException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  type ActionOutcome,
  FORBIDDEN,
  INVALID_STATE,
  REASON_REQUIRED,
  RULES_BROKEN,
} from '../../../../workflows/messages';

type Refusal = Extract<ActionOutcome, { taken: false }>['refusal'];

/** The HTTP answer (api.md) for an action the workflow refused. */
export function refusalToHttp({ type, message, details }: Refusal): HttpException {
  switch (type) {
    case FORBIDDEN:
      return new ForbiddenException({ error: FORBIDDEN, message });
    case RULES_BROKEN:
      return new UnprocessableEntityException(details?.[0]);
    case REASON_REQUIRED:
      return new BadRequestException({
        error: 'INVALID_REQUEST',
        fields: [{ field: 'reason', messages: [message] }],
        messages: [message],
      });
    case INVALID_STATE:
    default:
      return new ConflictException({ error: INVALID_STATE, status: details?.[0], message });
  }
}
