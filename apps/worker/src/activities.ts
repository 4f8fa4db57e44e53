import { Injectable } from '@nestjs/common';
import type { NoticeReceipt, VariationActivities } from '../../../workflows/activities';
import type { VariationView } from '../../../libs/domain/src/variation';
import { EmsProvider } from './ems/ems-provider';
import { Outbox } from './mail/outbox';
import { NDelius } from './ndelius/ndelius';

/** The workflow's activities, wired by hand from the adapters (one per outside party). */
@Injectable()
export class Activities {
  constructor(
    private readonly outbox: Outbox,
    private readonly ems: EmsProvider,
    private readonly nDelius: NDelius,
  ) {}

  all(): VariationActivities {
    const receipt = (reference: string): NoticeReceipt => ({ reference, sentAt: new Date().toISOString() });
    return {
      notifyCourt: async (view: VariationView, kind) =>
        receipt(await this.outbox.sendNotice(view, 'COURT', kind)),
      notifyPolice: async (view: VariationView, kind) =>
        receipt(await this.outbox.sendNotice(view, 'POLICE', kind)),
      notifyEmsProvider: async (view, kind) => receipt(await this.ems.sendNotice(view, kind)),
      requestEmsVisit: async (view) => this.ems.requestVisit(view),
      sendMessage: (message) => this.outbox.sendMessage(message),
      recordContactInNDelius: async (contact) => ({ contactId: await this.nDelius.recordContact(contact) }),
    };
  }
}
