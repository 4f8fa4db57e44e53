// Waiting for asynchronous progress (poll, never sleep a fixed time), and getting a variation to a step.
import { call } from './http';
import { addressChange, completeAddressChecks } from './requests';
import type { Stack } from './stack';

/** Probes until `ok` holds; fails after the timeout naming what it waited for and what it last saw. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  describe: (value: T) => unknown = (value) => value,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Gave up after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(describe(value))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Submits a change of address to `postcode`, with its checks, and has it triaged and approved. */
export async function approvedMoveTo(stack: Stack, postcode: string): Promise<string> {
  const request = { ...addressChange(), addressChecks: completeAddressChecks() };
  request.change.address!.postcode = postcode;
  const { body } = await call(stack.baseUrl, 'POST', '/variations', {
    token: await stack.token('practitioner'),
    body: request,
  });
  await call(stack.baseUrl, 'POST', `/variations/${body.id}/triage`, {
    token: await stack.token('spo'),
    body: { decision: 'ACCEPT' },
  });
  const approved = await call(stack.baseUrl, 'POST', `/variations/${body.id}/approval`, {
    token: await stack.token('pdu-head'),
    body: { decision: 'APPROVE' },
  });
  expect(approved.status).toBe(200);
  return body.id;
}
