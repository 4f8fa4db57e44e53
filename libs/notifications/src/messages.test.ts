import fc from 'fast-check';
import type { Message } from '../../../workflows/activities';
import { renderMessage, type RenderableMessage } from './messages';

// Keyed by every kind, so a new kind of message fails to compile here until it has a test.
const KINDS = Object.keys({
  DECISION_NEEDED: true,
  REMINDER: true,
  ESCALATION: true,
  RETURNED: true,
  REJECTED: true,
  APPROVED: true,
  EMS_CONFIRMED: true,
  EMS_REJECTED: true,
  VISIT_FAILED: true,
  READY_TO_TELL_POP: true,
  CONTACT_NOT_RECORDED: true,
  NOTICE_FAILED: true,
  COMPLETED: true,
} satisfies Record<Message['about'], true>) as Message['about'][];

const base: RenderableMessage = {
  about: 'DECISION_NEEDED',
  recipientName: 'Sam Spo',
  variationId: '6f1c1234-5678-4000-8000-000000000000',
  status: 'AWAITING_TRIAGE',
  dueBy: '2024-05-24',
  caseUrl: 'https://curfew.example/cases/6f1c1234-5678-4000-8000-000000000000',
  decisionUrl: 'https://curfew.example/decisions/token-123',
};

const summary = {
  crn: 'X123456',
  personName: 'Sam Jones',
  change: 'Monday 23:00 to 11:00',
  pduName: 'Leeds',
};

describe.each(KINDS)('the %s message', (about) => {
  const m = renderMessage({ ...base, about, reason: 'Some reason', summary });

  it('has a subject with the kind of message and the case reference only', () => {
    expect(m.subject).toMatch(/^Curfew variation: [a-zA-Z ]+ \(ref 6f1c1234\)$/);
  });

  it('greets the recipient, links to the case and says the same in text and HTML', () => {
    for (const body of [m.text, m.html]) {
      expect(body).toContain('Dear Sam Spo,');
      expect(body).toContain('Case reference');
      expect(body).toContain('X123456');
    }
    const link = /<a href="([^"]+)"[^>]*>([^<]+)<\/a>/.exec(m.html);
    expect(link).not.toBeNull();
    expect(m.text).toContain(`${link![2]}:\n${link![1]}`);
    expect(link![2]).not.toMatch(/click here/i);
  });

  it('is simple, accessible HTML', () => {
    expect(m.html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(m.html).toContain('<h1');
    expect(m.html).not.toMatch(/<img|<script|<style/);
  });
});

describe('what the messages say', () => {
  const text = (m: Partial<RenderableMessage>) => renderMessage({ ...base, ...m }).text;

  it('asks the approver to decide through the decision link, by the due date (R13, R16)', () => {
    const message = text({ about: 'DECISION_NEEDED' });
    expect(message).toContain('Triage the application: accept it, return it for amendment, or reject it.');
    expect(message).toContain('Please do this by 24 May 2024.');
    expect(message).toContain(
      'Review the application and make your decision:\nhttps://curfew.example/decisions/token-123',
    );
    expect(text({ about: 'DECISION_NEEDED', status: 'AWAITING_APPROVAL' })).toContain(
      'Approve the variation, return it for amendment, or refuse it.',
    );
  });

  it('links to the case when there is no decision link', () => {
    const message = text({ about: 'REMINDER', status: 'AWAITING_CHECKS', decisionUrl: undefined });
    expect(message).toContain('View the curfew variation:\nhttps://curfew.example/cases/');
    expect(message).toContain('waiting for the checks on the new address. It is due by 24 May 2024.');
  });

  it('tells the escalation point what is overdue (R16)', () => {
    const message = text({ about: 'ESCALATION', status: 'AWAITING_APPROVAL' });
    expect(message).toContain(
      'waiting for a decision by the head of the probation delivery unit. It was due by 24 May 2024.',
    );
    expect(message).toContain('escalated to you');
  });

  it('tells the practitioner of a refusal that the person on probation may apply to the court (R13)', () => {
    const message = text({ about: 'REJECTED', reason: 'Householder withdrew consent' });
    expect(message).toContain('Reason given: Householder withdrew consent');
    expect(message).toContain('may apply to the court to vary the order');
  });

  it('gives the reason for a return and says the curfew has not changed', () => {
    const message = text({ about: 'RETURNED', status: 'RETURNED', reason: 'Add the householder' });
    expect(message).toContain('Reason given: Add the householder');
    expect(message).toContain('Amend the application so it can be decided again, or withdraw it.');
    expect(message).toContain('The curfew has not changed.');
  });

  it('explains a failed visit in words', () => {
    expect(text({ about: 'VISIT_FAILED', reason: 'NO_ACCESS' })).toContain('could not get into the address');
  });

  it('says which recipient is missing when a notice cannot be sent', () => {
    expect(text({ about: 'NOTICE_FAILED', reason: 'no court mailbox for court code B99XX' })).toContain(
      'Problem: no court mailbox for court code B99XX',
    );
  });

  it('shows personal data only when it is given', () => {
    const without = renderMessage({ ...base, about: 'APPROVED' });
    expect(without.text).not.toContain('Person on probation:');
    expect(without.text).not.toContain('CRN');
  });
});

describe('personal data in subjects (R17)', () => {
  // Two capitalised words: a name that cannot be a word of a subject by chance.
  const name = fc.stringMatching(/^[A-Z][a-z]{1,10} [A-Z][a-z]{1,10}$/);
  const personal = fc.record({
    recipientName: name,
    personName: name,
    crn: fc.stringMatching(/^[A-Z][0-9]{6}$/),
    reason: fc.string(),
    change: fc.string(),
  });

  it('never puts names, CRNs, reasons or the change in the subject', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), personal, (about, p) => {
        const { subject } = renderMessage({
          ...base,
          about,
          recipientName: p.recipientName,
          reason: p.reason,
          summary: { crn: p.crn, personName: p.personName, change: p.change },
        });
        // The same subject whoever it is about and for, so it carries none of it.
        expect(subject).toBe(renderMessage({ ...base, about }).subject);
        for (const value of [p.recipientName, p.personName, p.crn]) expect(subject).not.toContain(value);
      }),
    );
  });
});

describe('HTML escaping', () => {
  it('escapes every value it puts in the HTML, and keeps the text as written', () => {
    const m = renderMessage({
      ...base,
      about: 'REJECTED',
      recipientName: 'Jo "Jay" O\'Neil & co',
      reason: '<script>alert("x")</script>',
      caseUrl: 'https://curfew.example/cases/1?a=1&b="2"',
      summary: { ...summary, personName: '<b>Sam</b>' },
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>Sam</b>');
    expect(m.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(m.html).toContain('Dear Jo &#34;Jay&#34; O&#39;Neil &#38; co,');
    expect(m.html).toContain('href="https://curfew.example/cases/1?a=1&#38;b=&#34;2&#34;"');
    expect(m.text).toContain('Reason given: <script>alert("x")</script>');
  });
});
