import { Injectable } from '@nestjs/common';
import type { Message, NoticeReceipt, VariationActivities } from '../../../workflows/activities';
import type { NoticeRecipient, VariationView } from '../../../libs/domain/src/variation';
import { EmsProvider } from './ems/ems-provider';
import { OutboxService } from './mail/outbox.service';
import { NDelius } from './ndelius/ndelius';

/** The workflow's activities, wired by hand from the adapters (one per outside party). */
@Injectable()
export class Activities {
  constructor(
    private readonly outbox: OutboxService,
    private readonly ems: EmsProvider,
    private readonly nDelius: NDelius,
  ) {}

  all(): VariationActivities {
    const mailed =
      (recipient: NoticeRecipient) =>
      async (variation: VariationView, kind: string): Promise<NoticeReceipt> => ({
        reference: this.outbox.sendNotice(variation.id, recipient, kind),
        sentAt: new Date().toISOString(),
      });
    return {
      notifyCourt: mailed('COURT'),
      notifyPolice: mailed('POLICE'),
      notifyEmsProvider: async (variation, kind) => ({
        reference: this.ems.sendNotice(variation, kind),
        sentAt: new Date().toISOString(),
      }),
      requestEmsVisit: async (variation) => this.ems.requestVisit(variation),
      sendMessage: async (message: Message) =>
        this.outbox.sendMessage(message.variationId, message.to, message.about),
      recordContactInNDelius: async (contact) => ({ contactId: await this.nDelius.recordContact(contact) }),
    };
  }
}
