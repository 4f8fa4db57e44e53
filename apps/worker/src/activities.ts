import { Injectable } from '@nestjs/common';
import { AuditSink } from '../../../libs/audit/src/audit';
import type { NoticeContent, NoticeRecipient } from '../../../libs/domain/src/variation';
import type { VariationActivities } from '../../../workflows/activities';
import { VariationRecords } from '../../../libs/record/src/variation-records';
import { EmsProvider } from './ems/ems-provider';
import { Outbox } from './mail/outbox';
import { ApplicationFailure } from '@temporalio/common';
import { NDeliusClient, NDeliusRefused } from '../../../libs/ndelius/src/ndelius-client';
import { contactReference } from './stable-reference';

/** The workflow's activities, wired by hand from the adapters (one per outside party). */
@Injectable()
export class Activities {
  constructor(
    private readonly outbox: Outbox,
    private readonly ems: EmsProvider,
    private readonly nDelius: NDeliusClient,
    private readonly audit: AuditSink,
    private readonly records: VariationRecords,
  ) {}

  all(): VariationActivities {
    // R17: each disclosure of the PoP's data is recorded once it has happened.
    const disclosed = (variationId: string, why: string) =>
      this.audit.record({ who: 'curfew-variations', what: 'DISCLOSURE', variationId, why });
    const notice = async (
      view: NoticeContent,
      to: NoticeRecipient,
      kind: string,
      send: () => Promise<string>,
    ) => {
      const reference = await send();
      disclosed(view.id, `${kind} notice ${reference} to ${to}`);
      return { reference, sentAt: new Date().toISOString() };
    };
    return {
      notifyCourt: (view, kind) =>
        notice(view, 'COURT', kind, () => this.outbox.sendNotice(view, 'COURT', kind)),
      notifyPolice: (view, kind) =>
        notice(view, 'POLICE', kind, () => this.outbox.sendNotice(view, 'POLICE', kind)),
      notifyEmsProvider: (view, kind) => notice(view, 'EMS', kind, () => this.ems.sendNotice(view, kind)),
      requestEmsVisit: async (view) => {
        await this.ems.requestVisit(view);
        disclosed(view.id, 'visit request to EMS');
      },
      sendMessage: async (message) => {
        await this.outbox.sendMessage(message);
        disclosed(message.variationId, `${message.about} email to ${message.to}`);
      },
      recordVariation: (entry) => this.records.publish([entry]),
      recordContactInNDelius: async (contact) => {
        // One key for every try of this variation's contact, so nDelius records it once.
        const contactId = await this.nDelius.recordContact(contact, contactReference()).catch((error) => {
          // The contact itself is wrong: retrying will not help, a person must look (the variation waits).
          if (error instanceof NDeliusRefused)
            throw ApplicationFailure.nonRetryable(error.message, 'NDELIUS_REFUSED');
          throw error;
        });
        disclosed(contact.variationId, `contact ${contactId} recorded in nDelius`);
        return { contactId };
      },
    };
  }
}
