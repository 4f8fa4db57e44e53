// The service's HTTP API as the bench calls it: every call timed under the endpoint's name.
import type { VariationView } from '../libs/domain/src/variation';
import type { Latencies } from './metrics';

export type Endpoint = 'submit' | 'checks' | 'triage' | 'approval' | 'popInformed' | 'view';

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly latencies: Latencies,
  ) {}

  /**
   * One call, timed from `since` (default: now) to the whole answer read. Anything but `expect`
   * fails the call with the status and the start of the answer.
   */
  async call(
    endpoint: Endpoint,
    method: 'GET' | 'POST',
    path: string,
    token: string,
    options: { body?: unknown; expect?: number; since?: number } = {},
  ): Promise<VariationView> {
    const started = options.since ?? performance.now();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    this.latencies.add(endpoint, performance.now() - started);
    const expected = options.expect ?? 200;
    if (response.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${response.status}, not ${expected}: ${text.slice(0, 300)}`,
      );
    }
    return JSON.parse(text) as VariationView;
  }
}
