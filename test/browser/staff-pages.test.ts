// The staff pages in a real browser against the real stack (EMS simulator confirming and visiting on
// its own): sign-in, a practitioner's whole journey, the SPO's and the PDU Head's decisions, the
// practitioner's final steps, the court route to the court's grant, a failed EMS visit rebooked, and
// the EM Lead's dashboard. axe-core checks every page; screenshots go to test-results/screenshots; no
// URL the browser asks for carries personal data.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { call } from '../support/http';
import { inNDelius } from '../support/ndelius';
import { addressChange, completeAddressChecks, daysFromToday, timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';
import { approvedMoveTo } from '../support/variations';
import {
  caseShows,
  continueTo,
  errorSummary,
  expectAccessible,
  fillDate,
  recordUrls,
  signIn,
  submitAction,
  tabTo,
  visitedUrls,
  waitForStatus,
} from './staff-pages';

/** The UK date (YYYY-MM-DD) and time (HH:mm) now. */
function ukNow(): [string, string] {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return [`${parts.year}-${parts.month}-${parts.day}`, `${parts.hour}:${parts.minute}`];
}

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ ems: 'auto' }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach(async () => {
  context = await browser.newContext();
  recordUrls(context);
  page = await context.newPage();
});
afterEach(() => context?.close());

describe('sign-in', () => {
  it('sends a page request without a session to sign in, while the API keeps its JSON 401', async () => {
    await page.goto(`${stack.baseUrl}/cases`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page, 'sign-in');

    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toMatch(/^Error: Sign in/);
    expect(await errorSummary(page)).toContain('Select your role');
    await expectAccessible(page, 'sign-in-error');

    const api = await call(stack.baseUrl, 'GET', '/variations');
    expect(api.status).toBe(401);
    expect(api.body.error).toBe('UNAUTHENTICATED');
  });

  it('issues an http-only, SameSite=Lax session cookie, and signs out', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    expect(new URL(page.url()).pathname).toBe('/cases');
    const [session] = (await context.cookies()).filter((c) => c.name === 'curfew_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    await expectAccessible(page, 'case-list-empty');

    await page.getByRole('button', { name: /Sign out/ }).click();
    expect(await page.locator('h1').innerText()).toBe('You have signed out');
    await page.goto(`${stack.baseUrl}/cases`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('shows another role a page it may not use as a page, not JSON', async () => {
    await signIn(page, stack.baseUrl, 'Senior probation officer (SPO)');
    const response = await page.goto(`${stack.baseUrl}/vary`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('You cannot see this page');
    await expectAccessible(page, 'forbidden');
  });
});

describe('CSRF', () => {
  it('refuses a form posted without the session’s token, and one from another session', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    const forged = await context.request.post(`${stack.baseUrl}/vary/start`, {
      form: { csrf: 'made-up' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('This form has expired');

    // A token from one session is worth nothing in another.
    await page.goto(`${stack.baseUrl}/vary`);
    const token = await page.locator('input[name=csrf]').first().inputValue();
    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      await signIn(otherPage, stack.baseUrl, 'Probation practitioner');
      const replayed = await other.request.post(`${stack.baseUrl}/vary/start`, {
        form: { csrf: token },
        maxRedirects: 0,
      });
      expect(replayed.status()).toBe(403);
    } finally {
      await other.close();
    }
    const genuine = await context.request.post(`${stack.baseUrl}/vary/start`, {
      form: { csrf: token },
      maxRedirects: 0,
    });
    expect(genuine.status()).toBe(303);
  });
});

describe('cases', () => {
  it('lists cases with filters, and finds a person by CRN through a POST', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.getByLabel('Status').selectOption({ label: 'Waiting for triage' });
    await continueTo(page, '/cases', 'Apply filters');
    expect(new URL(page.url()).searchParams.get('status')).toBe('AWAITING_TRIAGE');

    await page.getByLabel('Case reference number (CRN)').fill('nonsense');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await errorSummary(page)).toContain('Enter the CRN as a letter and 6 numbers');
    await expectAccessible(page, 'case-list-crn-error');
  });
});

describe('a variation from application to completion', () => {
  let id: string;

  it('the practitioner applies, keyboard only on the key pages, with GOV.UK validation', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/vary`);
    await expectAccessible(page, 'journey-start');
    await tabTo(page, page.getByRole('button', { name: 'Start a new application' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/vary\/person$/);

    // Nothing filled in: the question says what is missing, in plain words.
    await tabTo(page, page.getByRole('button', { name: 'Continue' }));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await errorSummary(page)).toContain('Enter the case reference number (CRN)');
    await expectAccessible(page, 'journey-person-errors');

    // A CRN nDelius does not know is explained on the page.
    await tabTo(page, page.getByLabel('Case reference number (CRN)'));
    await page.keyboard.type('Z999999');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    expect(await errorSummary(page)).toContain('nDelius has no person with CRN Z999999');

    // Sam Jones has one order with a curfew: it is chosen, and the curfew comes from the record.
    await page.getByLabel('Case reference number (CRN)').fill('X123456');
    await continueTo(page, '/vary/change');
    const asItStands = await page.locator('main').innerText();
    expect(asItStands).toContain('The curfew as it stands');
    expect(asItStands).toMatch(/Monday 19:00 to 07:00\s+Tuesday 19:00 to 07:00/);
    expect(asItStands).toContain('1 High Street');
    await expectAccessible(page, 'journey-change');

    await page.getByLabel('The curfew times').check();
    await page.getByLabel('The curfew address').check();
    await page
      .getByLabel('How have their circumstances changed')
      .fill('Moving in with a relative nearer work');
    await fillDate(page, 'effectiveFrom', daysFromToday(7));
    await continueTo(page, '/vary/new-times');
    await expectAccessible(page, 'journey-new-times');
    // The times as they stand are filled in. The same 12 hours, starting later (R7 allows it).
    await page.locator('#new-monday-start').fill('23:00');
    await page.locator('#new-monday-end').fill('11pm');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errorSummary(page)).toContain('Enter the end time for Monday as a 24-hour time, like 19:00');
    await expectAccessible(page, 'journey-new-times-errors');
    await page.locator('#new-monday-end').fill('11:00');
    await continueTo(page, '/vary/new-address');

    await page.locator('#new-address-line1').fill('2 Park Road');
    await page.locator('#new-address-town').fill('Leeds');
    await page.locator('#new-address-postcode').fill('LS2 2BB');
    await continueTo(page, '/vary/consent');

    await page.locator('#given').check();
    await page.getByLabel('In person').check();
    await fillDate(page, 'consentDate', daysFromToday(-1));
    await continueTo(page, '/vary/address-checks');
    await expectAccessible(page, 'journey-address-checks');

    await page.locator('#safeguarding-outcome').check();
    await page.locator('#safeguarding-authority').fill('Leeds');
    await fillDate(page, 'safeguarding-date', daysFromToday(-1));
    await page.locator('#domestic-abuse-outcome').check();
    await page.locator('#domestic-abuse-force').fill('West Yorkshire');
    await fillDate(page, 'domestic-abuse-date', daysFromToday(-1));
    await page.locator('#householder-name').fill('Pat Jones');
    await page.locator('#householder-consented').check();
    await page.locator('#householder-attitude').fill('Supportive');
    await fillDate(page, 'householder-date', daysFromToday(-1));
    await continueTo(page, '/vary/check-answers');
    expect(await page.locator('main').innerText()).toContain('Monday 23:00 to 11:00');
    await expectAccessible(page, 'journey-check-answers');

    await tabTo(page, page.getByRole('button', { name: 'Accept and send' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/submitted$/);
    id = /\/cases\/([0-9a-f-]{36})\//.exec(page.url())![1];
    expect(await page.locator('.govuk-panel').innerText()).toContain(id.slice(0, 8));
    await expectAccessible(page, 'journey-submitted');

    await page.getByRole('link', { name: 'Go to the case' }).click();
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('Waiting for triage');
    expect(await page.locator('.moj-timeline__title').first().innerText()).toBe('Application submitted');
    await expectAccessible(page, 'case-submitted');
  }, 120_000);

  it('the SPO accepts it from "Waiting for you", on the decision page of the email link', async () => {
    await signIn(page, stack.baseUrl, 'Senior probation officer (SPO)');
    expect(new URL(page.url()).pathname).toBe('/waiting');
    // Each row says whose case it is and what it changes (from the record).
    const row = page.locator('tr', { has: page.locator(`a[href="/cases/${id}"]`) });
    expect(await row.innerText()).toMatch(/Sam Jones\s+X123456[\s\S]*Hours[\s\S]*Triage/);
    await expectAccessible(page, 'waiting-spo');

    await row.getByRole('link', { name: /Decide/ }).click();
    await page.waitForURL(/\/decisions\//);
    expect(await page.locator('h1').innerText()).toBe('Triage this curfew variation');
    await page.getByLabel('Accept – send it to the head of the PDU for approval').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    expect(await page.locator('h1').innerText()).toBe('Decision recorded');
  });

  it('the PDU Head approves it', async () => {
    await signIn(page, stack.baseUrl, 'Head of the probation delivery unit');
    const row = page.locator('tr', { has: page.locator(`a[href="/cases/${id}"]`) });
    expect(await row.innerText()).toContain('Approval');
    await expectAccessible(page, 'waiting-pdu-head');
    await page.goto(`${stack.baseUrl}/cases/${id}`);
    await page.getByRole('button', { name: 'Make your decision' }).click();
    await page.waitForURL(/\/decisions\//);
    await expectAccessible(page, 'decision-approval');
    await page
      .getByLabel('Approve – the Variation Notice goes to the court, the police and the EMS provider')
      .check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    expect(await page.locator('h1').innerText()).toBe('Decision recorded');
  });

  it('the practitioner tells the person, once the EMS provider has visited, and it completes', async () => {
    await waitForStatus(stack, id, 'AWAITING_POP_INFORMED');
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/cases/${id}`);
    expect(await page.locator('main').innerText()).toContain('EMS visit');
    await expectAccessible(page, 'case-awaiting-pop-informed');

    await page.getByRole('button', { name: 'Record that the person on probation was told' }).click();
    await page.getByRole('button', { name: 'Record and complete' }).click();
    expect(await errorSummary(page)).toContain('Enter the date you told them');
    await expectAccessible(page, 'pop-informed-errors');
    // Told before the visit would break R15, and the page says so.
    await fillDate(page, 'informedDate', daysFromToday(-1));
    await page.getByLabel('Time you told them').fill('10:30');
    await page.getByLabel('In person').check();
    await page.getByRole('button', { name: 'Record and complete' }).click();
    expect(await errorSummary(page)).toContain('they may be told only after them');
    // Told just now, as the UK clock reads.
    const [date, time] = ukNow();
    await fillDate(page, 'informedDate', date);
    await page.getByLabel('Time you told them').fill(time);
    await submitAction(page, id, 'Record and complete', 'Recorded');

    await caseShows(page, stack, id, 'COMPLETED', 'Completed');
    await expectAccessible(page, 'case-completed');
  }, 120_000);

  it("the practitioner opens the person's page from the case: every variation of theirs, newest first", async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/cases/${id}`);
    await page.getByRole('button', { name: 'All variations for X123456' }).click();
    // Through a POST: the CRN stays out of the address.
    expect(new URL(page.url()).pathname).toBe('/cases');
    expect(await page.locator('h1').innerText()).toBe('Sam Jones');
    const rows = page.locator('tbody tr');
    const completed = rows.filter({ has: page.locator(`a[href="/cases/${id}"]`) });
    expect(await completed.innerText()).toMatch(/Hours[\s\S]*Completed/);
    const submitted = await rows.locator('td:first-child').allInnerTexts();
    expect(submitted.length).toBeGreaterThan(0);
    await expectAccessible(page, 'person');
  });
});

describe('checks, a return, an amendment and a withdrawal', () => {
  it('the practitioner records the address checks, amends what the SPO returned, then withdraws it', async () => {
    const { body } = await call(stack.baseUrl, 'POST', '/variations', {
      token: await stack.token('practitioner'),
      body: addressChange(),
    });
    const id: string = body.id;
    expect(body.status).toBe('AWAITING_CHECKS');

    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/cases/${id}`);
    await page.getByRole('button', { name: 'Record address checks' }).click();
    await page.getByRole('button', { name: 'Record checks' }).click();
    expect(await errorSummary(page)).toContain('Record at least one of the checks');
    await page.locator('#householder-name').fill('Pat Jones');
    await page.getByRole('button', { name: 'Record checks' }).click();
    expect(await errorSummary(page)).toContain('Select whether the householder consents');
    await expectAccessible(page, 'record-checks-errors');
    const checks = completeAddressChecks();
    await page.locator('#safeguarding-outcome').check();
    await page.locator('#safeguarding-authority').fill(checks.safeguarding.localAuthority);
    await fillDate(page, 'safeguarding-date', checks.safeguarding.completedAt);
    await page.locator('#domestic-abuse-outcome-2').check();
    await page.locator('#domestic-abuse-force').fill(checks.domesticAbuse.policeForce);
    await fillDate(page, 'domestic-abuse-date', checks.domesticAbuse.completedAt);
    await page.locator('#domestic-abuse-notes').fill('A previous partner lives nearby');
    await page.locator('#householder-consented').check();
    await page.locator('#householder-attitude').fill('Supportive');
    await fillDate(page, 'householder-date', checks.householder.recordedAt);
    await page.getByRole('button', { name: 'Record checks' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'address checks are recorded',
    );
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('Waiting for triage');

    await call(stack.baseUrl, 'POST', `/variations/${id}/triage`, {
      token: await stack.token('spo', { user: 'sam.spo' }),
      body: { decision: 'RETURN', reason: 'Say which days the new job needs' },
    });
    await page.reload();
    await page.getByRole('button', { name: 'Amend the application' }).click();
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('Say which days the new job needs');
    await page
      .getByLabel('How have their circumstances changed')
      .fill('Moving in with a relative; works Monday to Friday');
    await fillDate(page, 'effectiveFrom', daysFromToday(-3));
    await page.getByRole('button', { name: 'Send the amended application' }).click();
    // The rules speak in words on the form, without their numbers.
    const refusal = await errorSummary(page);
    expect(refusal).toContain('which is in the past');
    expect(refusal).not.toMatch(/\bR\d+\b/);
    expect(await page.locator('#effectiveFrom-error').innerText()).toContain('which is in the past');
    await expectAccessible(page, 'amend-refused');
    await fillDate(page, 'effectiveFrom', daysFromToday(10));
    await page.getByLabel('What did you change?').fill('Added the working days');
    await page.getByRole('button', { name: 'Send the amended application' }).click();
    // A new date is not what they consented to (R5): the refusal points at the consent.
    expect(await page.locator('#consentMethod-error').innerText()).toContain('Record their consent');
    await page.locator('#consentMethod-2').check();
    await page.getByRole('button', { name: 'Send the amended application' }).click();
    expect(await page.locator('#consentDate-error').innerText()).toContain('Enter the date they consented');
    await fillDate(page, 'consentDate', daysFromToday(0));
    await page.getByRole('button', { name: 'Send the amended application' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('gone to triage');

    await page.getByRole('button', { name: 'Withdraw the application' }).click();
    await page.getByRole('button', { name: 'Withdraw it' }).click();
    expect(await errorSummary(page)).toContain('Enter why you are withdrawing it');
    await expectAccessible(page, 'withdraw-errors');
    await page.getByLabel('Why are you withdrawing the application?').fill('The relative moved away');
    await page.getByRole('button', { name: 'Withdraw it' }).click();
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('Withdrawn');
    expect(await page.locator('.moj-timeline').innerText()).toContain('Address checks recorded');
    await expectAccessible(page, 'case-withdrawn');
  }, 120_000);
});

describe('the journey starts from the CRN', () => {
  const enter = async (crn: string) => {
    await page.goto(`${stack.baseUrl}/vary/person`);
    await page.getByLabel('Case reference number (CRN)').fill(crn);
    await page.getByRole('button', { name: 'Continue' }).click();
  };

  it('asks which order when the person has several, and shows the curfew of the one chosen', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await enter('X789012');
    await page.waitForURL(/\/vary\/order$/);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errorSummary(page)).toContain('Select the order the variation changes');
    await expectAccessible(page, 'journey-order-errors');
    await page.getByLabel('Suspended sentence order, event 2').check();
    await continueTo(page, '/vary/change');
    expect(await page.locator('main').innerText()).toContain('Saturday 19:00 to 07:00');
  });

  it('explains, GOV.UK style, a person it may not show, an order it cannot vary, and one already being varied', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    for (const [crn, says] of [
      ['X901234', 'You are excluded from viewing this case'],
      ['X678901', 'This order cannot be varied here'],
      ['X890123', 'no order with a curfew requirement'],
    ]) {
      await enter(crn);
      expect(new URL(page.url()).pathname).toBe('/vary/person');
      expect(await errorSummary(page)).toContain(says);
    }
    await expectAccessible(page, 'journey-person-refused');

    const open = await call(stack.baseUrl, 'POST', '/variations', {
      token: await stack.token('practitioner'),
      body: timesChange(),
    });
    await enter(open.body.person.crn);
    expect(await errorSummary(page)).toContain('A variation of this order is already open');
    await page.getByRole('link', { name: 'A variation of this order is already open. View it' }).click();
    expect(new URL(page.url()).pathname).toBe(`/cases/${open.body.id}`);
  });
});

describe('the court route', () => {
  it('explains why only a court can make a change of hours, and starts the court route', async () => {
    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/vary`);
    await page.getByRole('button', { name: 'Start a new application' }).click();
    // An unmonitored order whose curfew is Monday 19:00-07:00, as nDelius has it.
    const request = timesChange();
    request.curfew.electronicallyMonitored = false;
    request.curfew.periods = [{ day: 'MONDAY', start: '19:00', end: '07:00' }];
    await inNDelius(stack, request);
    await page.locator('#crn').fill(request.person.crn);
    await continueTo(page, '/vary/change');
    await page.getByLabel('The curfew times').check();
    await page.getByLabel('How have their circumstances changed').fill('Started a night shift');
    await fillDate(page, 'effectiveFrom', daysFromToday(7));
    await continueTo(page, '/vary/new-times');
    // 10 hours instead of 12: only a court can change the number of hours.
    await page.locator('#new-monday-start').fill('21:00');
    await continueTo(page, '/vary/consent');
    await page.locator('#given').check();
    await page.getByLabel('By phone').check();
    await fillDate(page, 'consentDate', daysFromToday(-1));
    await continueTo(page, '/vary/check-answers');
    await page.getByRole('button', { name: 'Accept and send' }).click();

    expect(await page.locator('h1').innerText()).toBe('Only a court can make this change');
    const explanation = await page.locator('main').innerText();
    expect(explanation).toContain("Monday's curfew would be 10 hours instead of 12 hours");
    expect(explanation).not.toMatch(/\bR\d+\b/);
    await expectAccessible(page, 'court-route-required');

    await page.getByRole('button', { name: 'Apply to the court' }).click();
    await page.waitForURL(/\/submitted$/);
    await page.getByRole('link', { name: 'Go to the case' }).click();
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('Apply to court');
    await expectAccessible(page, 'case-court-route');
    const id = new URL(page.url()).pathname.split('/').pop()!;

    // The practitioner records the application to the court, then the court's grant.
    await page.getByRole('button', { name: 'Record the court application' }).click();
    await page.getByRole('button', { name: 'Record the application' }).click();
    expect(await errorSummary(page)).toContain('Enter the date you lodged the application');
    await expectAccessible(page, 'court-application-errors');
    await fillDate(page, 'lodgedAt', daysFromToday(-2));
    await submitAction(page, id, 'Record the application', 'The court application is recorded.');
    await caseShows(page, stack, id, 'AWAITING_COURT_DECISION', 'Waiting for the court');

    await page.getByRole('button', { name: "Record the court's decision" }).click();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    expect(await errorSummary(page)).toContain("Select the court's decision");
    await page.getByLabel('It granted the variation as asked').check();
    await fillDate(page, 'decidedAt', daysFromToday(-1));
    await expectAccessible(page, 'court-decision');
    await submitAction(page, id, 'Record the decision', "The court's decision is recorded.");
    // Not monitored: no notice to wait for, so the person is told next.
    await caseShows(page, stack, id, 'AWAITING_POP_INFORMED', 'Tell the person on probation');
  }, 120_000);
});

describe('a failed EMS visit', () => {
  it('the practitioner rebooks the visit from the case page, and the second visit installs', async () => {
    const postcode = 'LS9 9NB';
    const rule = await call(stack.emsUrl, 'POST', '/admin/rules', {
      body: { match: { postcode }, visitOutcomes: ['NO_ACCESS', 'INSTALLED'] },
    });
    expect(rule.status).toBe(201);
    const id = await approvedMoveTo(stack, postcode);
    await waitForStatus(stack, id, 'EMS_VISIT_FAILED');

    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/cases/${id}`);
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('EMS visit failed');
    await expectAccessible(page, 'case-ems-visit-failed');
    await page.getByRole('button', { name: 'Rebook the EMS visit' }).click();
    expect(await page.locator('main').innerText()).toContain('did not install the equipment (no access)');
    await expectAccessible(page, 'rebook-visit');
    await submitAction(page, id, 'Rebook the visit', 'The EMS provider has been asked to visit again.');
    await waitForStatus(stack, id, 'AWAITING_POP_INFORMED');
  }, 120_000);
});

describe('a failed EMS visit on the court route', () => {
  it("offers a rebook or another application to the court, never a withdrawal: the court's order stands", async () => {
    const postcode = 'LS9 9NC';
    await call(stack.emsUrl, 'POST', '/admin/rules', {
      body: { match: { postcode }, visitOutcomes: ['NO_ACCESS'] },
    });
    const request = { ...addressChange(), addressChecks: completeAddressChecks() };
    request.order.convictionDate = '2022-06-27';
    request.change.address!.postcode = postcode;
    await inNDelius(stack, request as never);
    const token = await stack.token('practitioner');
    const api = (path: string, body: object) => call(stack.baseUrl, 'POST', path, { token, body });
    const id = (await api('/court-variations', request)).body.id;
    await api(`/variations/${id}/court-application`, { lodgedAt: daysFromToday(0) });
    await api(`/variations/${id}/court-decision`, {
      decision: 'GRANTED',
      decidedAt: daysFromToday(0),
      change: request.change,
    });
    await waitForStatus(stack, id, 'EMS_VISIT_FAILED');

    await signIn(page, stack.baseUrl, 'Probation practitioner');
    await page.goto(`${stack.baseUrl}/cases/${id}`);
    expect(await page.locator('.govuk-tag').first().innerText()).toBe('EMS visit failed');
    const actions = (await page.getByRole('button').allInnerTexts()).map((text) => text.trim());
    expect(actions).toEqual(expect.arrayContaining(['Rebook the EMS visit', 'Record the court application']));
    expect(actions).not.toContain('Withdraw the application');
    await expectAccessible(page, 'case-court-visit-failed');

    await page.getByRole('button', { name: 'Record the court application' }).click();
    await fillDate(page, 'lodgedAt', daysFromToday(0));
    await expectAccessible(page, 'court-application-again');
    await submitAction(page, id, 'Record the application', 'The court application is recorded.');
    await caseShows(page, stack, id, 'AWAITING_COURT_DECISION', 'Waiting for the court');
  }, 120_000);
});

describe('the EM Lead', () => {
  it('reads the dashboard: charts, the same numbers in tables, and a CSV download', async () => {
    await signIn(page, stack.baseUrl, 'Electronic monitoring lead');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const { body: summary } = await call(stack.baseUrl, 'GET', '/mi/summary', {
      token: await stack.token('em-lead'),
    });
    expect(await page.locator('main').innerText()).toContain(`${summary.total} curfew variation`);
    const chartTitles = await page.locator('svg[role=img] > title').allTextContents();
    expect(chartTitles).toEqual(
      expect.arrayContaining(['Variations by status', 'Working days each step took', 'EMS visit outcomes']),
    );
    const triage = summary.steps.find((step: { step: string }) => step.step === 'TRIAGE');
    const triageRow = page.locator('tr', { has: page.locator('th', { hasText: /^Triage$/ }) });
    expect(await triageRow.innerText()).toContain(String(triage.count));
    expect(chartTitles).toContain('Variations submitted each month');
    await expectAccessible(page, 'dashboard');

    await page.locator('.govuk-details__summary').click();
    await page.getByLabel('Probation delivery unit').selectOption('N07SHF');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).searchParams.get('pduCode')).toBe('N07SHF');
    expect(await page.locator('main').innerText()).toContain('0 curfew variations');
    await expectAccessible(page, 'dashboard-filtered');

    const practitioner = await call(stack.baseUrl, 'GET', '/mi/summary', {
      token: await stack.token('practitioner'),
    });
    expect(practitioner.status).toBe(403);
    const { body: openApi } = await call(stack.baseUrl, 'GET', '/docs-json');
    expect(openApi.paths['/mi/summary'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'from',
      'to',
      'pduCode',
    ]);

    const csv = await context.request.get(`${stack.baseUrl}/dashboard/summary.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toContain('attachment');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('measure,pdu,item,value');
    expect(lines).toContain(`times step completed,,TRIAGE,${triage.count}`);
  });
});

// Runs last: every address the browser asked for in the tests above.
it('puts no personal data in any URL the browser visited', () => {
  // Five characters or more: a decision link's random token held "LS2" once, by chance.
  const personal = ['X123456', 'Jones', 'Park Road', 'LS2 2BB', 'LS22BB', '1990-04-01'];
  expect(visitedUrls.length).toBeGreaterThan(0);
  const leaks = visitedUrls.filter((url) => personal.some((data) => decodeURIComponent(url).includes(data)));
  expect(leaks).toEqual([]);
});
