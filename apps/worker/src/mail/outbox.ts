import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Party } from '../../../../libs/domain/src/service-levels';
import type { NoticeContent, NoticeRecipient } from '../../../../libs/domain/src/variation';
import type { DecisionLinks } from '../../../../libs/security/src/decision-links';
import {
  courtMailbox,
  type Mailbox,
  type Mailer,
  messageIdFor,
  MissingMailbox,
  type OutgoingMail,
  policeMailbox,
  RecipientRefused,
  type ReferenceData,
  renderMessage,
  renderNoticeEmail,
  renderNoticePdf,
  staffFor,
} from '../../../../libs/notifications/src';
import { MAILBOX_MISSING, type Message } from '../../../../workflows/activities';
import { noticeReference } from '../stable-reference';

/** Whose decision a message asks for: they alone get a decision link (R13). */
const DECIDES: Partial<Record<string, { party: Party; step: 'TRIAGE' | 'APPROVAL' }>> = {
  AWAITING_TRIAGE: { party: 'SPO', step: 'TRIAGE' },
  AWAITING_APPROVAL: { party: 'PDU_HEAD', step: 'APPROVAL' },
};

/** Notices rendered lately, kept for the other copy: court and police are sent within moments. */
const RECENT_NOTICES = 100;

/**
 * Everything the process sends by mail (R14, R16): Variation Notices with their PDF to the court and
 * the police, and messages to staff. Each send is idempotent: its Message-ID comes from the workflow
 * and activity ids, so a retry after the relay fails is the same message, not a second one.
 */
export class Outbox {
  private readonly recentNotices = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly referenceData: ReferenceData,
    private readonly links: DecisionLinks,
    private readonly publicBaseUrl: string,
  ) {}

  async sendNotice(
    view: NoticeContent,
    recipient: Exclude<NoticeRecipient, 'EMS'>,
    kind: 'VARIATION' | 'WITHDRAWAL',
  ) {
    const mailbox = this.mailbox(() =>
      recipient === 'COURT'
        ? courtMailbox(this.referenceData, view.order.sentencingCourt.code)
        : policeMailbox(this.referenceData, view.practitioner.pduCode),
    );
    const reference = noticeReference(kind, view.decisions.length);
    const pdf = await this.noticePdf(view, kind, reference);
    await this.deliver({
      to: mailbox,
      ...renderNoticeEmail(view, kind, reference, mailbox.name),
      messageId: messageId(),
      attachments: [{ filename: `${reference}.pdf`, content: pdf, contentType: 'application/pdf' }],
    });
    return reference;
  }

  /**
   * The notice's PDF, rendered once for both copies when this worker sends both (the PDF was a third
   * of the worker's time, issue 8). Another worker, or a retry much later, renders the same notice again.
   */
  private noticePdf(view: NoticeContent, kind: 'VARIATION' | 'WITHDRAWAL', reference: string) {
    let pdf = this.recentNotices.get(reference);
    if (!pdf) {
      pdf = renderNoticePdf(view, kind, reference);
      this.recentNotices.set(reference, pdf);
      pdf.catch(() => this.recentNotices.delete(reference));
      if (this.recentNotices.size > RECENT_NOTICES)
        this.recentNotices.delete(this.recentNotices.keys().next().value!);
    }
    return pdf;
  }

  async sendMessage(message: Message): Promise<void> {
    const to =
      message.to === 'PRACTITIONER'
        ? message.practitioner
        : this.mailbox(() => staffFor(this.referenceData, message.pduCode, message.to));
    await this.deliver({
      to,
      ...renderMessage({
        about: message.about,
        recipientName: to.name,
        variationId: message.variationId,
        status: message.status,
        dueBy: message.dueBy,
        reason: message.reason,
        caseUrl: new URL(`/cases/${message.variationId}`, this.publicBaseUrl).toString(),
        decisionUrl: await this.decisionUrl(message, to),
      }),
      // Messages recorded before they carried their sequence fall back to the activity's id.
      messageId:
        message.sequence === undefined
          ? messageId()
          : messageIdFor(
              `${Context.current().info.workflowExecution?.workflowId}/message-${message.sequence}`,
            ),
    });
  }

  /** A decision link for the person who decides the step the variation waits in, asked or reminded. */
  private async decisionUrl(
    message: Message,
    to: { name: string; username?: string },
  ): Promise<string | undefined> {
    const decides = message.status ? DECIDES[message.status] : undefined;
    if (!decides || decides.party !== message.to || !['DECISION_NEEDED', 'REMINDER'].includes(message.about))
      return;
    const token = await this.links.issue({
      variationId: message.variationId,
      step: decides.step,
      approver: { username: to.username ?? to.name, name: to.name },
      round: message.round ?? 0,
    });
    return new URL(`/decisions/${token}`, this.publicBaseUrl).toString();
  }

  private mailbox<T extends Mailbox>(find: () => T): T {
    try {
      return find();
    } catch (error) {
      throw asStop(error);
    }
  }

  private async deliver(mail: OutgoingMail): Promise<void> {
    try {
      await this.mailer.send(mail);
    } catch (error) {
      throw asStop(error);
    }
  }
}

/**
 * A recipient that cannot be mailed (none in the reference data, or one the relay refuses for good)
 * is a clear, non-retryable failure: the workflow stops the step and tells the practitioner.
 */
function asStop(error: unknown): unknown {
  if (error instanceof MissingMailbox || error instanceof RecipientRefused)
    return ApplicationFailure.nonRetryable(error.message, MAILBOX_MISSING);
  return error;
}

const messageId = () => {
  const { workflowExecution, activityId } = Context.current().info;
  return messageIdFor(`${workflowExecution?.workflowId}/${activityId}`);
};
