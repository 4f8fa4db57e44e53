// The one SMTP adapter (SMTP_URL, MAIL_FROM). Sending runs inside a Temporal activity: a failure is
// thrown, Temporal retries with backoff, and the caller's Message-ID keeps every retry the same mail.
import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: { name: string; email: string };
  subject: string;
  text: string;
  html: string;
  /** Stable across retries (see messageIdFor), so a receiving system can tell a resend from a new mail. */
  messageId: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

// Short enough that a relay which is down fails the attempt well inside the activity's timeout, so
// Temporal retries instead of an attempt hanging; long enough for a slow but working relay.
const TIMEOUT_MS = 10_000;

export class Mailer {
  private readonly transport;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport({
      url: smtpUrl,
      pool: true,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // Attachments are always buffers we made: never let message content read files or fetch URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.sendMail(mail);
    } catch (error) {
      const { code, responseCode, response, rejected } = error as SmtpError;
      // Only an addressing failure (enhanced status 5.1.x: no such mailbox or domain) is the
      // recipient's; 5.7.x (relaying denied, our credentials) is the relay's, to be put right and retried.
      if (code === 'EENVELOPE' && rejected?.length && responseCode && responseCode >= 500) {
        if (/^\d{3}[ -]5\.1\.\d+/.test(response ?? '')) throw new RecipientRefused(responseCode);
      }
      // The relay's answer names the recipient, and this error is logged at every retry: keep its
      // codes, drop the rest (R17). A relay that is down carries no answer and passes as it is.
      if (response !== undefined) throw new MailRelayRefused(code, responseCode, response);
      throw error;
    }
  }

  private async sendMail(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: { name: mail.to.name, address: mail.to.email },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      attachments: mail.attachments,
    });
  }

  /** For GET /health: whether the relay answers and accepts us now. */
  async verify(): Promise<boolean> {
    try {
      return await this.transport.verify();
    } catch {
      return false;
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** What nodemailer's errors carry: `EENVELOPE` with the rejected recipients when RCPT TO is refused. */
interface SmtpError {
  code?: string;
  responseCode?: number;
  /** The relay's answer, e.g. "550 5.1.1 <x@y>: Recipient address rejected: User unknown". */
  response?: string;
  rejected?: unknown[];
}

/**
 * The relay refused the recipient's address for good (5.1.x to RCPT TO: no such mailbox, say): unlike
 * a relay that is down, a 4xx, or a 5.7.x about us, trying again will not help until someone puts the
 * address right.
 */
export class RecipientRefused extends Error {
  constructor(readonly responseCode: number) {
    super(`the mail relay refused the recipient's address (${responseCode})`);
    this.name = 'RecipientRefused';
  }
}

/**
 * Any other answer of the relay refusing a message (a 4xx for now, a 5.7.x about us): retried. Only
 * its codes are kept, e.g. "the mail relay refused the message (EENVELOPE 450 4.2.1)", because the
 * answer itself quotes the recipient's address.
 */
export class MailRelayRefused extends Error {
  constructor(code: string | undefined, responseCode: number | undefined, response: string) {
    const status = /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})/.exec(response)?.[1];
    super(`the mail relay refused the message (${[code, responseCode, status].filter(Boolean).join(' ')})`);
    this.name = 'MailRelayRefused';
  }
}

/** A Message-ID from a stable key (workflow id + activity id): the same on every retry, and opaque. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@curfew-variations.local>`;
}
