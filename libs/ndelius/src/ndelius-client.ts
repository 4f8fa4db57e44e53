import type { CaseAccess, ContactRecord, NDeliusCase } from './ndelius-case';
import type { TokenSource } from './ndelius-token';

/** nDelius could not answer (down, slow, or refusing our token): try again later; a 503 to our caller. */
export class NDeliusUnavailable extends Error {
  constructor(reason: string) {
    super(`nDelius is unavailable: ${reason}`);
    this.name = 'NDeliusUnavailable';
  }
}

/** nDelius refused the request itself (a 4xx about what we sent): trying again will not help. */
export class NDeliusRefused extends Error {
  constructor(readonly status: number) {
    super(`nDelius refused the request: ${status}`);
    this.name = 'NDeliusRefused';
  }
}

export interface NDeliusClientOptions {
  /** Per try. */
  timeoutMs?: number;
  /** Tries after the first, for a 5xx, a timeout or a network error. */
  retries?: number;
  retryDelayMs?: number;
}

/** Answers about our credentials or nDelius's load, not about the request: worth trying again. */
const PASSING = [401, 403, 408, 429];

/**
 * nDelius, the case management system (api.md, "nDelius"): the person, their orders and each
 * order's curfew requirement; who may see a case; and the contact recorded at step 7. The one
 * adapter for it: the api reads through it, the worker records contacts through it.
 */
export class NDeliusClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly baseUrl: string,
    private readonly token: TokenSource,
    options: NDeliusClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  /** The person and their orders; undefined when nDelius does not know the CRN. */
  async caseOf(crn: string): Promise<NDeliusCase | undefined> {
    const response = await this.send('GET', `case/${encodeURIComponent(crn)}`);
    if (response.status === 404) return undefined;
    return this.json<NDeliusCase>(response);
  }

  /** Whether nDelius excludes or restricts this user from this person's case; undefined when it has no such person. */
  async accessOf(username: string, crn: string): Promise<CaseAccess | undefined> {
    const response = await this.send(
      'GET',
      `users/${encodeURIComponent(username)}/access/${encodeURIComponent(crn)}`,
    );
    if (response.status === 404) return undefined;
    return this.json<CaseAccess>(response);
  }

  /**
   * Records the contact with the person (step 7), idempotent by `idempotencyKey`: nDelius answers a
   * repeat with the first contact's id. Its id.
   */
  async recordContact(contact: ContactRecord, idempotencyKey: string): Promise<string> {
    const response = await this.send('POST', 'contacts', {
      body: { type: 'CURFEW_VARIATION_POP_INFORMED', ...contact },
      idempotencyKey,
    });
    return (await this.json<{ id: string }>(response)).id;
  }

  /** Sends once and again on a 5xx, a timeout or a network error; a 4xx other than PASSING is a refusal. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    { body, idempotencyKey }: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<Response> {
    let reason = '';
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * attempt));
      let response: Response;
      try {
        response = await fetch(new URL(path, withSlash(this.baseUrl)), {
          method,
          headers: {
            authorization: `Bearer ${await this.token()}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        reason =
          (error as Error).name === 'TimeoutError' ? `no answer in ${this.timeoutMs} ms` : String(error);
        continue;
      }
      if (response.ok || response.status === 404) return response;
      await response.body?.cancel();
      reason = `it answered ${response.status}`;
      if (PASSING.includes(response.status)) throw new NDeliusUnavailable(reason);
      if (response.status < 500) throw new NDeliusRefused(response.status);
    }
    throw new NDeliusUnavailable(reason);
  }

  private async json<T>(response: Response): Promise<T> {
    if (response.status === 404) throw new NDeliusRefused(404);
    try {
      return (await response.json()) as T;
    } catch {
      throw new NDeliusUnavailable('its answer was not JSON');
    }
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
