import { Injectable, Logger } from '@nestjs/common';
import type { Party } from '../../../../libs/domain/src/service-levels';
import type { NoticeRecipient } from '../../../../libs/domain/src/variation';
import { stableReference } from '../stable-reference';

/**
 * Everything the process sends by mail: Variation Notices to court and police, messages to staff.
 * For now a stand-in that logs what would go (no personal data), until real SMTP arrives (issue 4).
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  /** Returns the notice's reference: the same on every retry, so a resend is recognisably the same. */
  sendNotice(variationId: string, recipient: NoticeRecipient, kind: string): string {
    const reference = stableReference('VN');
    this.logger.log(`${kind} notice ${reference} to ${recipient} for variation ${variationId}`);
    return reference;
  }

  sendMessage(variationId: string, to: Party, about: string): void {
    this.logger.log(`${about} message to ${to} about variation ${variationId}`);
  }
}
