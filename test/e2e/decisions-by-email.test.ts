// The approval by email, as the SPO and the PDU Head do it: real SMTP, real links, real pages.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParsedMail } from 'mailparser';
import { DecisionLinks } from '../../libs/security/src/decision-links';
import { call } from '../support/http';
import { waitUntil } from '../../scripts/processes';
import { recipientOf, startMailbox } from '../support/mailbox';
import { pdfText } from '../support/pdf-text';
import { inNDelius } from '../support/ndelius';
import { addressChange, completeAddressChecks, daysFromToday, timesChange } from '../support/requests';
import { practitioner as submitter } from '../support/workflow-harness';
import { startingSearchAttributes } from '../../workflows/search-attributes';
import { variationWorkflow } from '../../workflows/variation.workflow';
import { type Stack, startStack } from '../support/stack';

const SPO = 'spo.leeds@probation.example';
const PDU_HEAD = 'pdu.head.leeds@probation.example';
const COURT = 'leeds.mc@courts.example';

let stack: Stack;
let practitioner: string;
// The secret links were issued under before the one in use now (rotation, docs/operations.md).
const PREVIOUS_SECRET = randomBytes(32).toString('base64url');

beforeAll(async () => {
  stack = await startStack({ env: { DECISION_LINK_PREVIOUS_SECRETS: PREVIOUS_SECRET } });
  practitioner = await stack.token('practitioner', { user: 'alex.smith' });
}, 120_000);
afterAll(() => stack?.stop());

async function submit(
  body: unknown = { ...addressChange(), addressChecks: completeAddressChecks() },
): Promise<string> {
  const answer = await call(stack.baseUrl, 'POST', '/variations', { token: practitioner, body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

/** Triage and approval through the API, for tests about what happens after them. */
async function acceptAndApprove(id: string): Promise<void> {
  for (const [role, step, decision] of [
    ['spo', 'triage', 'ACCEPT'],
    ['pdu-head', 'approval', 'APPROVE'],
  ]) {
    const answer = await call(stack.baseUrl, 'POST', `/variations/${id}/${step}`, {
      token: await stack.token(role),
      body: { decision },
    });
    expect(answer.status).toBe(200);
  }
}

const view = async (id: string) =>
  (await call(stack.baseUrl, 'GET', `/variations/${id}`, { token: practitioner })).body;

/** The decision link in the email to `to` about variation `id`. */
async function linkFor(id: string, to: string): Promise<string> {
  const mail = await stack.mailbox.waitFor(`the decision request to ${to}`, (m) => {
    return (
      recipientOf(m) === to &&
      m.subject?.includes(id.slice(0, 8)) === true &&
      /\/decisions\//.test(m.text ?? '')
    );
  });
  return /https?:\/\/\S+\/decisions\/[A-Za-z0-9._-]+/.exec(mail.text!)![0];
}

async function open(link: string): Promise<{ status: number; html: string; csrf: string }> {
  const response = await fetch(link);
  const html = await response.text();
  return { status: response.status, html, csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

function post(link: string, fields: Record<string, string>) {
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }).then(async (response) => ({
    status: response.status,
    html: await response.text(),
    headers: response.headers,
  }));
}

/** The Variation Notice to `to`: only the first test in this file approves anything. */
const noticeTo = (to: string) => (m: ParsedMail) =>
  recipientOf(m) === to && (m.attachments ?? []).some((a) => a.contentType === 'application/pdf');

describe('approval by email', () => {
  it('keeps trying while the mail relay is down, and the process goes on when it is back', async () => {
    const port = Number(new URL(stack.mailbox.url).port);
    await stack.mailbox.stop();
    const id = await submit(timesChange());
    await waitUntil(
      'a failed send',
      async () => stack.output.some((line) => line.includes('ECONNREFUSED')),
      30_000,
    );
    // The relay being away degrades the api but does not make it unready (docs/operations.md).
    const health = await call(stack.baseUrl, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'UP',
      components: { temporal: { status: 'UP' }, mail: { status: 'DOWN' } },
    });
    stack.mailbox = await startMailbox(port);
    expect(await linkFor(id, SPO)).toContain('/decisions/');
  }, 90_000);

  it('the SPO and then the PDU Head decide from their emails, and the court and police get the notice as a PDF', async () => {
    const request = { ...addressChange(), addressChecks: completeAddressChecks() };
    const id = await submit(request);

    const spoLink = await linkFor(id, SPO);
    const page = await open(spoLink);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Triage this curfew variation');
    expect(page.html).toContain(request.person.crn);
    expect(page.html).toContain('2 Park Road');
    expect(page.html).toContain('Moving in with a relative');

    const decided = await post(spoLink, { csrf: page.csrf, decision: 'ACCEPT', reason: '' });
    expect(decided.status).toBe(200);
    expect(decided.html).toContain('Decision recorded');
    expect(decided.headers.get('cache-control')).toBe('no-store');
    expect(decided.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await view(id)).decisions[0]).toMatchObject({
      step: 'TRIAGE',
      decision: 'ACCEPT',
      by: 'sam.spo',
    });

    const headLink = await linkFor(id, PDU_HEAD);
    const headPage = await open(headLink);
    expect(headPage.html).toContain('Approve this curfew variation');
    expect((await post(headLink, { csrf: headPage.csrf, decision: 'APPROVE' })).status).toBe(200);
    expect((await view(id)).decisions[1]).toMatchObject({
      step: 'APPROVAL',
      decision: 'APPROVE',
      by: 'pat.head',
    });

    for (const mailbox of ['leeds.mc@courts.example', 'west.yorkshire.curfews@police.example']) {
      const notice = await stack.mailbox.waitFor(`the notice to ${mailbox}`, noticeTo(mailbox));
      expect(notice.subject).toMatch(/^Variation Notice VN-/);
      expect(notice.subject).not.toMatch(new RegExp(`${request.person.crn}|Sam|Jones|Park Road`));
      const text = pdfText(notice.attachments.find((a) => a.contentType === 'application/pdf')!.content);
      expect(text).toContain('Variation Notice');
      expect(text).toContain(request.person.crn);
      expect(text).toContain('Sam Jones');
      expect(text).toContain('2 Park Road');
    }
    // No subject of any message sent carries personal data (R17).
    expect(stack.mailbox.received.map((m) => m.subject).join(' ')).not.toMatch(
      new RegExp(`${request.person.crn}|Sam Jones|Park Road|LS2`),
    );
  });

  it("refuses approval while the householder has not consented (R9), on the API and the link's page, until a new consent", async () => {
    const checks = completeAddressChecks();
    checks.householder.consented = false;
    const id = await submit({ ...addressChange(), addressChecks: checks });
    const as = async (role: string) => stack.token(role);
    const triaged = await call(stack.baseUrl, 'POST', `/variations/${id}/triage`, {
      token: await as('spo'),
      body: { decision: 'ACCEPT' },
    });
    expect(triaged.body.status).toBe('AWAITING_APPROVAL');

    const refused = await call(stack.baseUrl, 'POST', `/variations/${id}/approval`, {
      token: await as('pdu-head'),
      body: { decision: 'APPROVE' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'NOT_ELIGIBLE', rules: ['R9'] });

    // The decision page says why, and what can be done; approving there is refused too.
    const headLink = await linkFor(id, PDU_HEAD);
    const page = await open(headLink);
    expect(page.html).toContain('The householder at the new address has not consented');
    const approved = await post(headLink, { csrf: page.csrf, decision: 'APPROVE' });
    expect(approved.status).toBe(422);
    expect(approved.html).toContain('Your decision has not been recorded');
    expect(approved.html).toContain('record a new consent or amend the address');

    // Returned: the practitioner records the householder's consent and sends it again.
    const returned = await post(headLink, { csrf: page.csrf, decision: 'RETURN', reason: 'No consent' });
    expect(returned.status).toBe(200);
    const consent = { householder: { ...completeAddressChecks().householder } };
    const api = (path: string, token: string, body: object) =>
      call(stack.baseUrl, 'POST', `/variations/${id}/${path}`, { token, body });
    expect((await api('checks', practitioner, consent)).status).toBe(200);
    const amended = await api('amendment', practitioner, {
      change: (await view(id)).change,
      note: 'The householder now consents',
    });
    expect(amended.body.status).toBe('AWAITING_TRIAGE');
    expect((await api('triage', await as('spo'), { decision: 'ACCEPT' })).status).toBe(200);
    const approvedNow = await api('approval', await as('pdu-head'), { decision: 'APPROVE' });
    expect(approvedNow.body.status).toBe('AWAITING_EMS_CONFIRMATION');
  });

  it('a link opened three times by a mail scanner records nothing', async () => {
    const id = await submit(timesChange());
    const link = await linkFor(id, SPO);
    for (let i = 0; i < 3; i++) expect((await open(link)).status).toBe(200);
    const current = await view(id);
    expect(current.status).toBe('AWAITING_TRIAGE');
    expect(current.decisions).toEqual([]);
  });

  it('asks for a reason to return, with a GOV.UK error summary, and records nothing until given', async () => {
    const id = await submit(timesChange());
    const link = await linkFor(id, SPO);
    const { csrf } = await open(link);
    const missing = await post(link, { csrf, decision: 'RETURN', reason: ' ' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('govuk-error-summary');
    expect(missing.html).toContain('Enter a reason');
    expect((await view(id)).decisions).toEqual([]);
    const none = await post(link, { csrf });
    expect(none.html).toContain('Select a decision');

    expect((await post(link, { csrf, decision: 'RETURN', reason: 'Say which shifts' })).status).toBe(200);
    expect((await view(id)).status).toBe('RETURNED');
  });

  it('refuses a POST without the CSRF field, or with a wrong one', async () => {
    const id = await submit(timesChange());
    const link = await linkFor(id, SPO);
    const { csrf } = await open(link);
    const without = await post(link, { decision: 'ACCEPT' });
    expect(without.status).toBe(403);
    expect(without.html).toContain('This form has expired');
    expect((await post(link, { csrf: `${csrf.slice(0, -1)}x`, decision: 'ACCEPT' })).status).toBe(403);
    expect((await view(id)).decisions).toEqual([]);
  });

  it('refuses a form that is not a form, or a CSRF field of the right length in characters but not in bytes', async () => {
    const id = await submit(timesChange());
    const link = await linkFor(id, SPO);
    const { csrf } = await open(link);
    const notAForm = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(notAForm.status).toBe(403);
    expect(await notAForm.text()).toContain('This form has expired');
    const multibyte = await post(link, { csrf: `é${csrf.slice(1)}`, decision: 'ACCEPT' });
    expect(multibyte.status).toBe(403);
    expect((await view(id)).decisions).toEqual([]);
  });

  it('an approval the variation refuses (R6: the effective date passed meanwhile) is a page saying why', async () => {
    // The api refuses such a submission today, so it is started as the api started it days ago.
    const id = randomUUID();
    const request = timesChange();
    request.change.effectiveFrom = daysFromToday(-1);
    const submittedAt = new Date();
    await stack.temporal.env.client.workflow.start(variationWorkflow, {
      workflowId: `variation-${id}`,
      taskQueue: stack.taskQueue,
      typedSearchAttributes: startingSearchAttributes('ADMINISTRATIVE', request, {}, submittedAt),
      args: [
        {
          id,
          request,
          submittedBy: submitter,
          submittedAt: submittedAt.toISOString(),
          requestHash: 'hash',
          hoursPolicy: 'daily-total',
          serviceLevels: {},
        },
      ],
    });
    const spoLink = await linkFor(id, SPO);
    expect((await post(spoLink, { csrf: (await open(spoLink)).csrf, decision: 'ACCEPT' })).status).toBe(200);
    const headLink = await linkFor(id, PDU_HEAD);
    const refused = await post(headLink, { csrf: (await open(headLink)).csrf, decision: 'APPROVE' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(refused.html).toContain('Your decision has not been recorded');
    expect(refused.html).toContain('(R6)');
    expect((await view(id)).status).toBe('AWAITING_APPROVAL');
  });

  it('refuses a tampered token (404), an expired one (410), a reused link (409) and a link for another step (409)', async () => {
    const id = await submit(timesChange());
    const link = await linkFor(id, SPO);
    const token = link.split('/').pop()!;

    const tampered = await open(link.replace(token, `${token.slice(0, -3)}AAA`));
    expect(tampered.status).toBe(404);
    expect(tampered.html).toContain('This link is not valid');
    expect((await open(`${stack.baseUrl}/decisions/nonsense`)).status).toBe(404);

    const expiredLinks = new DecisionLinks(stack.temporal.secrets.DECISION_LINK_SECRET, '-1s');
    const approver = { username: 'sam.spo', name: 'Sam Spo' };
    const expired = await expiredLinks.issue({ variationId: id, step: 'TRIAGE', approver, round: 0 });
    const gone = await open(`${stack.baseUrl}/decisions/${expired}`);
    expect(gone.status).toBe(410);
    expect(gone.html).toContain('This link has expired');

    const links = new DecisionLinks(stack.temporal.secrets.DECISION_LINK_SECRET, '1h');
    const approvalLink = `${stack.baseUrl}/decisions/${await links.issue({ variationId: id, step: 'APPROVAL', approver, round: 0 })}`;
    expect((await open(approvalLink)).status).toBe(409);

    const { csrf } = await open(link);
    expect((await post(link, { csrf, decision: 'ACCEPT' })).status).toBe(200);
    // The same decision sent again (a retry after a timeout, a second click) is answered as the first.
    const again = await post(link, { csrf, decision: 'ACCEPT' });
    expect(again.status).toBe(200);
    expect(again.html).toContain('Decision recorded');
    const reused = await post(link, { csrf, decision: 'REJECT', reason: 'Changed my mind' });
    expect(reused.status).toBe(409);
    expect(reused.html).toContain('This has already been decided');
    expect(reused.html).toContain('sam.spo accepted it for approval');
    const reopened = await open(link);
    expect(reopened.status).toBe(409);
    expect((await view(id)).decisions).toHaveLength(1);
  });

  it('a link emailed before the secret was rotated still opens and decides; one under an unknown secret does not', async () => {
    const id = await submit(timesChange());
    const approver = { username: 'sam.spo', name: 'Sam Spo' };
    const issue = (secret: string) =>
      new DecisionLinks(secret, '1h').issue({ variationId: id, step: 'TRIAGE', approver, round: 0 });
    const unknown = await open(
      `${stack.baseUrl}/decisions/${await issue(randomBytes(32).toString('base64url'))}`,
    );
    expect(unknown.status).toBe(404);

    const link = `${stack.baseUrl}/decisions/${await issue(PREVIOUS_SECRET)}`;
    const { status, csrf } = await open(link);
    expect(status).toBe(200);
    expect((await post(link, { csrf, decision: 'ACCEPT' })).status).toBe(200);
    expect((await view(id)).status).toBe('AWAITING_APPROVAL');
  });

  it('two approvers racing on the same step give exactly one decision', async () => {
    const id = await submit(timesChange());
    const link = await linkFor(id, SPO);
    const { csrf } = await open(link);
    const answers = await Promise.all([
      post(link, { csrf, decision: 'ACCEPT' }),
      post(link, { csrf, decision: 'REJECT', reason: 'Not suitable' }),
      post(link, { csrf, decision: 'RETURN', reason: 'More detail' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect((await view(id)).decisions).toHaveLength(1);
  });

  it('a court with no mailbox in the reference data stops the notice and tells the practitioner, by email', async () => {
    const request = timesChange();
    request.curfew.electronicallyMonitored = false;
    request.order.sentencingCourt.code = 'ZZ99X';
    const id = await submit(await inNDelius(stack, request));
    await acceptAndApprove(id);
    await waitUntil('NOTICE_FAILED', async () =>
      (await view(id)).timeline.some((e: { event: string }) => e.event === 'NOTICE_FAILED'),
    );
    const told = await stack.mailbox.waitFor('the practitioner to be told', (m) => {
      return (
        recipientOf(m) === 'alex.smith@probation.example' &&
        /ZZ99X/.test(m.text ?? '') &&
        m.subject?.includes(id.slice(0, 8)) === true
      );
    });
    expect(told.text).toContain('reference data');
    const current = await view(id);
    expect(current.notices.map((n: { recipient: string }) => n.recipient)).toEqual(['POLICE']);
    // The PoP may not be told while the court lacks the notice (R14).
    const early = await call(stack.baseUrl, 'POST', `/variations/${id}/pop-informed`, {
      token: practitioner,
      body: { informedAt: new Date().toISOString(), method: 'PHONE' },
    });
    expect(early.status).toBe(409);
  });

  it('a court mailbox the relay refuses for good stops the notice and tells the practitioner, rather than retry for ever', async () => {
    stack.mailbox.refused.add(COURT);
    try {
      const id = await submit(timesChange());
      await acceptAndApprove(id);
      const sentTo = async () => (await view(id)).notices.map((n: { recipient: string }) => n.recipient);
      await waitUntil(
        'NOTICE_FAILED, and the police notice',
        async () =>
          (await view(id)).timeline.some((e: { event: string }) => e.event === 'NOTICE_FAILED') &&
          (await sentTo()).includes('POLICE'),
      );
      const current = await view(id);
      expect(current.timeline.find((e: { event: string }) => e.event === 'NOTICE_FAILED').note).toBe(
        "COURT: the mail relay refused the recipient's address (550)",
      );
      expect(await sentTo()).not.toContain('COURT');
      const told = await stack.mailbox.waitFor(
        'the practitioner to be told',
        (m) =>
          recipientOf(m) === 'alex.smith@probation.example' &&
          m.subject?.includes(id.slice(0, 8)) === true &&
          /refused the recipient/.test(m.text ?? ''),
      );
      expect(told.text).toContain('reference data');
    } finally {
      stack.mailbox.refused.delete(COURT);
    }
  });

  it('keeps an audit trail of who viewed, decided and disclosed what, and why, without personal data (R17)', async () => {
    const request = timesChange();
    const id = await submit(request);
    await view(id);
    const spoLink = await linkFor(id, SPO);
    const page = await open(spoLink);
    await post(spoLink, { csrf: page.csrf, decision: 'ACCEPT' });
    const headLink = await linkFor(id, PDU_HEAD);
    await post(headLink, { csrf: (await open(headLink)).csrf, decision: 'APPROVE' });
    await waitUntil('the notices', async () => (await view(id)).notices.length === 3);

    const trail = () =>
      readFileSync(stack.auditLog, 'utf8')
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as { at: string; who: string; what: string; variationId?: string; why: string },
        )
        .filter((event) => event.variationId === id);
    await waitUntil(
      'the disclosures',
      async () => trail().filter((e) => e.what === 'DISCLOSURE' && /notice/.test(e.why)).length === 3,
    );
    const events = trail();
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          who: 'alex.smith',
          what: 'ACTION',
          why: expect.stringMatching(
            /^submitted \(administrative route\): varies order [0-9a-f]{16} from its curfew requirement in nDelius: its hours$/,
          ),
        }),
        expect.objectContaining({ who: 'alex.smith', what: 'VIEW' }),
        expect.objectContaining({
          who: 'decision-link:sam.spo',
          what: 'VIEW',
          why: 'decision page (triage)',
        }),
        expect.objectContaining({ who: 'decision-link:sam.spo', what: 'DECISION', why: 'triage: ACCEPT' }),
        expect.objectContaining({
          who: 'decision-link:pat.head',
          what: 'DECISION',
          why: 'approval: APPROVE',
        }),
        expect.objectContaining({
          what: 'DISCLOSURE',
          why: expect.stringMatching(/^VARIATION notice VN-\w+ to COURT$/),
        }),
        expect.objectContaining({
          what: 'DISCLOSURE',
          why: expect.stringMatching(/^VARIATION notice VN-\w+ to POLICE$/),
        }),
        expect.objectContaining({
          what: 'DISCLOSURE',
          why: expect.stringMatching(/^VARIATION notice EMS-\w+ to EMS$/),
        }),
        expect.objectContaining({ what: 'DISCLOSURE', why: 'DECISION_NEEDED email to SPO' }),
      ]),
    );
    expect(readFileSync(stack.auditLog, 'utf8')).not.toMatch(
      new RegExp(`${request.person.crn}|Jones|1990-04-01|High Street`),
    );
  });
});
