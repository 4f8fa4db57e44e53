// The decision pages in a real browser: they work without JavaScript, by keyboard, and axe-core finds
// no WCAG 2.2 AA problem on any of them. Screenshots go to test-results/screenshots.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DecisionLinks } from '../../libs/security/src/decision-links';
import { accessibilityProblems, launchBrowser, screenshot } from '../support/browser';
import { call } from '../support/http';
import { recipientOf } from '../support/mailbox';
import { addressChange, completeAddressChecks } from '../support/requests';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
let context: BrowserContext;
beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(() => context?.close());

async function decisionLink(): Promise<{ id: string; link: string }> {
  const token = await stack.token('practitioner');
  const checks = completeAddressChecks();
  checks.domesticAbuse.outcome = 'CONCERNS';
  const { body } = await call(stack.baseUrl, 'POST', '/variations', {
    token,
    body: { ...addressChange(), addressChecks: checks },
  });
  const mail = await stack.mailbox.waitFor('the SPO email', (m) => {
    return (
      recipientOf(m) === 'spo.leeds@probation.example' && m.subject?.includes(body.id.slice(0, 8)) === true
    );
  });
  return { id: body.id, link: /https?:\/\/\S+\/decisions\/[A-Za-z0-9._-]+/.exec(mail.text!)![0] };
}

async function expectAccessible(name: string): Promise<void> {
  await screenshot(page, name);
  expect(await accessibilityProblems(page)).toEqual([]);
}

it('the decision form, its errors, and the confirmation: accessible, and usable by keyboard alone', async () => {
  const { link } = await decisionLink();
  await page.goto(link);
  expect(await page.title()).toBe('Triage this curfew variation – Curfew variations – GOV.UK');
  await expect(page.getByText('The address checks raised concerns')).toBeTruthy();
  await expectAccessible('decision-form');

  // Return without a reason, using only the keyboard.
  await page.getByLabel('Return it to the practitioner to amend').focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Record decision' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.govuk-error-summary');
  expect(await page.title()).toMatch(/^Error: /);
  expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter a reason');
  await expectAccessible('decision-form-error');

  await page.getByLabel('Reason').fill('Say which shifts the new job has');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await page.waitForSelector('.govuk-panel');
  expect(await page.locator('h1').innerText()).toBe('Decision recorded');
  await expectAccessible('decision-recorded');

  await page.goto(link);
  expect(await page.locator('h1').innerText()).toBe('This has already been decided');
  await expectAccessible('decision-already-decided');
});

it('the expired and not-valid link pages are accessible', async () => {
  const { id } = await decisionLink();
  const expired = await new DecisionLinks(stack.temporal.secrets.DECISION_LINK_SECRET, '-1s').issue({
    variationId: id,
    step: 'TRIAGE',
    approver: { username: 'sam.spo', name: 'Sam Spo' },
    round: 0,
  });
  await page.goto(`${stack.baseUrl}/decisions/${expired}`);
  expect(await page.locator('h1').innerText()).toBe('This link has expired');
  await expectAccessible('decision-link-expired');

  await page.goto(`${stack.baseUrl}/decisions/not-a-real-link`);
  expect(await page.locator('h1').innerText()).toBe('This link is not valid');
  await expectAccessible('decision-link-invalid');
});

it('works without JavaScript: the form posts and records the decision', async () => {
  const { id, link } = await decisionLink();
  const noScript = await browser.newPage({ javaScriptEnabled: false });
  try {
    await noScript.goto(link);
    await noScript.getByLabel('Accept – send it to the head of the PDU for approval').check();
    await noScript.getByRole('button', { name: 'Record decision' }).click();
    await noScript.waitForSelector('.govuk-panel');
    const token = await stack.token('spo');
    expect((await call(stack.baseUrl, 'GET', `/variations/${id}`, { token })).body.status).toBe(
      'AWAITING_APPROVAL',
    );
  } finally {
    await noScript.close();
  }
});
