import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FORBIDDEN, INVALID_STATE, REASON_REQUIRED, RULES_BROKEN } from '../../../../workflows/messages';

/** The HTTP answer (api.md) for an Update the workflow refused, or undefined if it was not a refusal. */
export function refusalToHttp(error: unknown): HttpException | undefined {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  switch (cause.type) {
    case INVALID_STATE:
      return new ConflictException({
        error: INVALID_STATE,
        status: cause.details?.[0],
        message: cause.message,
      });
    case FORBIDDEN:
      return new ForbiddenException({ error: FORBIDDEN, message: cause.message });
    case RULES_BROKEN:
      return new UnprocessableEntityException(cause.details?.[0]);
    case REASON_REQUIRED:
      return new BadRequestException({
        error: 'INVALID_REQUEST',
        fields: [{ field: 'reason', messages: [cause.message] }],
        messages: [cause.message],
      });
    default:
      return undefined;
  }
}
