// A client that behaves as a well-written one would while the service is being broken: it tries again
// on 503 + Retry-After and on no answer, and finds out whether an action it got no answer to took effect.
// Every other 5xx is counted as a failure of the service, and tried again too.
import { randomUUID } from 'node:crypto';
import type { VariationRequest } from '../../libs/domain/src/types';
import type { VariationView } from '../../libs/domain/src/variation';
import type { Answer } from '../support/http';
import type { Stack } from '../support/stack';
import { eventually } from '../support/variations';
import { figures, seen5xx } from './figures';

const PAUSE_MS = 500;
const REQUEST_TIMEOUT_MS = 30_000;
/** Long enough to outlast a Temporal restart and an activity's start-to-close timeout. */
export const PROGRESS_TIMEOUT_MS = 300_000;

const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS + Math.random() * PAUSE_MS));

/** One request; undefined when the service could not answer (down, a 503 asking to try again, a 5xx). */
export async function attempt(
  stack: Stack,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer | undefined> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  let response: Response;
  try {
    // Spread over every api, as a load balancer would: one killed, the others answer the retry.
    const baseUrl = stack.baseUrls[Math.floor(Math.random() * stack.baseUrls.length)];
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    figures.answers.noAnswer += 1;
    return undefined;
  }
  const text = await response.text().catch(() => '');
  if (response.status === 503 && response.headers.has('retry-after')) {
    figures.answers.unavailable503 += 1;
    return undefined;
  }
  if (response.status >= 500) {
    // Counted (the suite fails on it) and tried again, so the rest of the run still shows what happened.
    seen5xx(`${method} ${path} -> ${response.status} ${text.slice(0, 300)}`);
    return undefined;
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** Tries until the service answers; gives up after PROGRESS_TIMEOUT_MS. */
export async function request(
  stack: Stack,
  method: string,
  path: string,
  options: Parameters<typeof attempt>[3] = {},
): Promise<Answer> {
  const deadline = Date.now() + PROGRESS_TIMEOUT_MS;
  for (;;) {
    const answer = await attempt(stack, method, path, options);
    if (answer) return answer;
    if (Date.now() > deadline)
      throw new Error(`No answer to ${method} ${path} for ${PROGRESS_TIMEOUT_MS} ms`);
    await pause();
  }
}

/** The staff who act in the journeys, with their tokens. */
export interface Staff {
  practitioner: string;
  spo: string;
  pduHead: string;
}

export async function staffOf(stack: Stack): Promise<Staff> {
  return {
    practitioner: await stack.token('practitioner', { user: 'alex.smith' }),
    spo: await stack.token('spo', { user: 'sam.spo' }),
    pduHead: await stack.token('pdu-head', { user: 'pat.head' }),
  };
}

/** Submits with an Idempotency-Key, so a retry after no answer finds the same variation. */
export async function submit(stack: Stack, staff: Staff, body: VariationRequest): Promise<string> {
  const headers = { 'idempotency-key': randomUUID() };
  const answer = await request(stack, 'POST', '/variations', { token: staff.practitioner, body, headers });
  if (answer.status !== 201 && answer.status !== 200) {
    throw new Error(`Submission answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body.id;
}

export async function view(stack: Stack, token: string, id: string): Promise<VariationView> {
  const answer = await request(stack, 'GET', `/variations/${id}`, { token });
  if (answer.status !== 200) throw new Error(`GET ${id} answered ${answer.status}`);
  return answer.body;
}

/** Polls the view until `ok`, through whatever faults are under way. */
export const until = (
  stack: Stack,
  staff: Staff,
  id: string,
  what: string,
  ok: (v: VariationView) => boolean,
) =>
  eventually(
    `${what} (variation ${id})`,
    () => view(stack, staff.practitioner, id),
    ok,
    (v) => ({
      status: v.status,
      notices: v.notices.length,
      ems: v.ems,
      events: v.timeline.map((e) => e.event),
    }),
    PROGRESS_TIMEOUT_MS,
    PAUSE_MS,
  );

/**
 * POSTs an action until it is answered. With no answer, the action may or may not have landed:
 * `landed` looks at the view to tell, as a person would look before pressing the button again.
 * Undefined: never answered, but the view shows it took effect.
 */
export async function act(
  stack: Stack,
  token: string,
  id: string,
  action: string,
  body: unknown,
  landed: (v: VariationView) => boolean,
): Promise<Answer | undefined> {
  for (;;) {
    const answer = await attempt(stack, 'POST', `/variations/${id}/${action}`, { token, body });
    if (answer) return answer;
    await pause();
    if (landed(await view(stack, token, id))) return undefined;
  }
}

/** An action that must take effect: answered 200, or landed without an answer. */
export async function actOrFail(...args: Parameters<typeof act>): Promise<void> {
  const answer = await act(...args);
  if (answer && answer.status !== 200) {
    throw new Error(`${args[3]} on ${args[2]} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}
