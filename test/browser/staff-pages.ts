// What the browser tests of the staff pages share: signing in, filling GOV.UK fields, checking each
// page with axe-core (and keeping a screenshot of it), and every URL the browser asked for.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { waitUntil } from '../../scripts/processes';
import { accessibilityProblems, screenshot } from '../support/browser';
import { call } from '../support/http';
import type { Stack } from '../support/stack';

/** Every URL any page asked for (documents, assets, redirects): none may carry personal data. */
export const visitedUrls: string[] = [];

export function recordUrls(context: BrowserContext): void {
  context.on('request', (request) => visitedUrls.push(request.url()));
}

/** Saves a screenshot, and fails on anything axe-core finds (WCAG 2.2 AA). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await accessibilityProblems(page)).toEqual([]);
}

export async function signIn(
  page: Page,
  baseUrl: string,
  role: string,
  pdu = 'Leeds (N07CEN)',
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(role, { exact: true }).check();
  await page.getByLabel(pdu).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

export async function fillDate(page: Page, name: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year);
}

export async function continueTo(page: Page, path: string, button = 'Continue'): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** Presses Tab until `target` has the focus: proves it can be reached with the keyboard alone. */
export async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.matches(':focus'))) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

export async function errorSummary(page: Page): Promise<string> {
  return page.locator('.govuk-error-summary').innerText();
}

/** Waits until the variation reaches `status` (the workflow moves on in the background). */
export async function waitForStatus(stack: Stack, id: string, status: string): Promise<void> {
  const token = await stack.token('admin');
  await waitUntil(`variation ${id} to be ${status}`, async () => {
    const { body } = await call(stack.baseUrl, 'GET', `/variations/${id}`, { token });
    return body.status === status;
  });
}

/** Submits a case action's form: back on the case page, with the action's confirmation. */
export async function submitAction(
  page: Page,
  id: string,
  button: string,
  confirmation: string,
): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL((url) => url.pathname === `/cases/${id}`);
  expect(await page.locator('.govuk-notification-banner').innerText()).toContain(confirmation);
}

/** Once the variation has moved on to `status` (in the background), its case page shows `label`. */
export async function caseShows(page: Page, stack: Stack, id: string, status: string, label: string) {
  await waitForStatus(stack, id, status);
  await page.reload();
  expect(await page.locator('.govuk-tag').first().innerText()).toBe(label);
}
