import { Injectable, Logger } from '@nestjs/common';
import type { VariationView } from '../../../../libs/domain/src/variation';
import { stableReference } from '../stable-reference';

/**
 * The EMS provider's API (R15). For now a stand-in that accepts every notice; its events come in
 * through POST /webhooks/ems. The HTTP client and a simulator come with the EMS issue.
 */
@Injectable()
export class EmsProvider {
  private readonly logger = new Logger('EmsProvider');

  sendNotice(variation: VariationView, kind: string): string {
    const reference = stableReference('EMS');
    this.logger.log(`${kind} notice for variation ${variation.id} accepted as ${reference}`);
    return reference;
  }

  requestVisit(variation: VariationView): void {
    this.logger.log(`Visit ${variation.ems?.visitsRequested} requested for variation ${variation.id}`);
  }
}
