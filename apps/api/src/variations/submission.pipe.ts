import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import {
  OrderSubmissionDto,
  VariationRequestDto,
} from '../../../../libs/contracts/src/variation-request.dto';
import { strictValidation } from '../../../../libs/contracts/src/validation-errors';
import type { Submission } from '../../../../libs/domain/src/types';

/**
 * POST /variations takes two bodies (api.md): by the order, or in full. A body that states the
 * person or the curfew is a full one and is validated as such; any other as a body by the order.
 * Either way every bad field is named, as for any body.
 */
@Injectable()
export class SubmissionPipe implements PipeTransform<unknown, Promise<Submission>> {
  private readonly validation = strictValidation();

  transform(value: unknown, metadata: ArgumentMetadata): Promise<Submission> {
    const full = !!value && typeof value === 'object' && ('person' in value || 'curfew' in value);
    return this.validation.transform(value, {
      ...metadata,
      metatype: full ? VariationRequestDto : OrderSubmissionDto,
    }) as Promise<Submission>;
  }
}
