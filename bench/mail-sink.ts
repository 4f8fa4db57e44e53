// A real SMTP server that takes every message, counts it and keeps its subject: the bench needs mail
// really sent, and a lifecycle waits for the email that tells the practitioner to act, as they would.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  url: string;
  /** Messages fully received so far. */
  received(): number;
  /** Resolves once a message with this subject has come (before the call or after), or fails at `timeoutMs`. */
  delivered(subject: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  let received = 0;
  const subjects = new Set<string>();
  const waiting = new Map<string, () => void>();
  const arrived = (subject: string) => {
    subjects.add(subject);
    waiting.get(subject)?.();
    waiting.delete(subject);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Read the headers only, not the body: parsing the message would cost the bench's own CPU, not
    // the service's.
    onData(stream, _session, done) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (!head.includes('\r\n\r\n')) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        received += 1;
        const subject = subjectOf(head);
        if (subject) arrived(subject);
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    delivered: (subject, timeoutMs) =>
      subjects.has(subject)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => {
              waiting.delete(subject);
              reject(new Error(`no email "${subject}" within ${timeoutMs} ms`));
            }, timeoutMs);
            waiting.set(subject, () => {
              clearTimeout(timer);
              resolve();
            });
          }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Subject header of a message's head, unfolded (a long subject is split over lines). */
export function subjectOf(head: string): string | undefined {
  const headers = head.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  return /^Subject: ?(.*)$/im.exec(headers)?.[1].trim();
}
