import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MailRelayRefused, Mailer, messageIdFor, type OutgoingMail, RecipientRefused } from './mailer';

/** A real SMTP server (on a free port unless given one) that keeps what it receives. */
async function startSmtpServer(
  port = 0,
  refuse: Record<string, [number, string]> = {},
): Promise<{ url: string; received: ParsedMail[]; close: () => Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // Refuses the recipients named with the answer given, e.g. [550, '5.1.1 no such mailbox'].
    onRcptTo(address, _session, callback) {
      const answer = refuse[address.address];
      if (!answer) return callback();
      callback(Object.assign(new Error(answer[1]), { responseCode: answer[0] }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port that nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const notice = Buffer.from('%PDF-1.7 a stand-in for the notice');

const mail: OutgoingMail = {
  to: { name: "Example Magistrates' Court", email: 'leeds.mc@courts.example' },
  subject: 'Variation Notice VN-0123',
  text: 'The notice is attached.\n',
  html: '<!DOCTYPE html>\n<html lang="en"><body><p>The notice is attached.</p></body></html>',
  messageId: messageIdFor('variation-6f1c/notifyCourt-1'),
  attachments: [{ filename: 'VN-0123.pdf', content: notice, contentType: 'application/pdf' }],
};

describe('Mailer, against a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = new Mailer(smtp.url, 'Curfew variations <noreply@probation.example>');
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  it('delivers the message as given: Message-ID, from, to, subject, text, HTML and attachment', async () => {
    await mailer.send(mail);
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0];
    expect(got.messageId).toBe(mail.messageId);
    expect(got.from?.value).toEqual([{ name: 'Curfew variations', address: 'noreply@probation.example' }]);
    const to = Array.isArray(got.to) ? got.to[0] : got.to;
    expect(to?.value).toEqual([{ name: "Example Magistrates' Court", address: 'leeds.mc@courts.example' }]);
    expect(got.subject).toBe(mail.subject);
    expect(got.text).toBe(mail.text);
    expect(got.html).toBe(mail.html);
    expect(got.attachments).toHaveLength(1);
    expect(got.attachments[0]).toMatchObject({ filename: 'VN-0123.pdf', contentType: 'application/pdf' });
    expect(got.attachments[0].content.equals(notice)).toBe(true);
  });

  it('reports the relay as healthy', async () => {
    expect(await mailer.verify()).toBe(true);
  });
});

describe('Mailer, when the relay is down', () => {
  it('fails fast, so that Temporal retries, and reports it as unhealthy', async () => {
    const mailer = new Mailer(`smtp://127.0.0.1:${await closedPort()}`, 'noreply@probation.example');
    try {
      const started = Date.now();
      await expect(mailer.send(mail)).rejects.toThrow(/ECONNREFUSED/);
      expect(await mailer.verify()).toBe(false);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      mailer.close();
    }
  });

  it('sends again once the relay is back', async () => {
    const port = await closedPort();
    const mailer = new Mailer(`smtp://127.0.0.1:${port}`, 'noreply@probation.example');
    await expect(mailer.send(mail)).rejects.toThrow();
    const smtp = await startSmtpServer(port);
    try {
      await mailer.send(mail);
      expect(smtp.received.map((m) => m.messageId)).toEqual([mail.messageId]);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});

describe('Mailer, when the relay refuses the recipient', () => {
  it('for good (5.1.x: no such mailbox) is RecipientRefused, which no retry can help', async () => {
    const smtp = await startSmtpServer(0, {
      'gone@courts.example': [550, '5.1.1 <gone@courts.example>: Recipient address rejected: User unknown'],
      'busy@courts.example': [450, '4.2.1 <busy@courts.example>: Mailbox busy, try later'],
      'any@courts.example': [550, '5.7.1 <any@courts.example>: Relaying denied'],
    });
    const mailer = new Mailer(smtp.url, 'noreply@probation.example');
    const to = (email: string) =>
      mailer.send({ ...mail, to: { name: 'Court', email } }).catch((e: Error) => e);
    try {
      const refused = await to('gone@courts.example');
      expect(refused).toBeInstanceOf(RecipientRefused);
      expect((refused as Error).message).toBe("the mail relay refused the recipient's address (550)");
      // For now (4xx), or about us rather than the address (5.7.x): ordinary failures, retried. Each
      // is logged at every retry, so it keeps the relay's codes and not the address it quoted (R17).
      const busy = await to('busy@courts.example');
      const denied = await to('any@courts.example');
      for (const answer of [busy, denied]) {
        expect(answer).toBeInstanceOf(MailRelayRefused);
        expect(JSON.stringify({ ...(answer as object), message: (answer as Error).message })).not.toMatch(
          /@courts\.example/,
        );
      }
      expect((busy as Error).message).toBe('the mail relay refused the message (EENVELOPE 450 4.2.1)');
      expect((denied as Error).message).toBe('the mail relay refused the message (EENVELOPE 550 5.7.1)');
      expect(smtp.received).toHaveLength(0);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});

describe('messageIdFor', () => {
  it('is the same for the same key, different for another, and reveals nothing of the key', () => {
    const id = messageIdFor('variation-6f1c/sendMessage-7');
    expect(id).toMatch(/^<[0-9a-f]{32}@curfew-variations\.local>$/);
    expect(messageIdFor('variation-6f1c/sendMessage-7')).toBe(id);
    expect(messageIdFor('variation-6f1c/sendMessage-8')).not.toBe(id);
    expect(id).not.toContain('6f1c');
  });
});
