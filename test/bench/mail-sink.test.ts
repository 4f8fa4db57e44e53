// The bench's SMTP sink: a lifecycle waits on it for the email that tells the practitioner to act.
import { createTransport } from 'nodemailer';
import { type MailSink, startMailSink, subjectOf } from '../../bench/mail-sink';

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(() => sink.stop());

// Longer than a header line may be, so nodemailer folds it over two lines.
const subject = 'Curfew variation: ready to tell the person on probation (ref 6f1c1234)';
const send = (s: string) =>
  createTransport({ url: sink.url, ignoreTLS: true } as never).sendMail({
    from: 'service@example.gov.uk',
    to: 'practitioner@example.gov.uk',
    subject: s,
    text: 'Subject: not this one\r\n\r\nnor this',
  });

it('finds a folded subject in the head and not in the body', () => {
  expect(
    subjectOf(`To: a@b\r\nSubject: Curfew variation: ready to tell\r\n the person\r\n\r\nSubject: body`),
  ).toBe('Curfew variation: ready to tell the person');
  expect(subjectOf('To: a@b\r\n\r\nSubject: body')).toBeUndefined();
});

it('resolves for a message that comes after the wait began, and one that came before', async () => {
  const waited = sink.delivered(subject, 10_000);
  await send(subject);
  await expect(waited).resolves.toBeUndefined();
  await expect(sink.delivered(subject, 10_000)).resolves.toBeUndefined();
  expect(sink.received()).toBe(1);
});

it('fails at the timeout when no such message comes', async () => {
  await send('Curfew variation: approved (ref 6f1c1234)');
  await expect(sink.delivered('Curfew variation: approved (ref 00000000)', 50)).rejects.toThrow(
    'no email "Curfew variation: approved (ref 00000000)" within 50 ms',
  );
});
