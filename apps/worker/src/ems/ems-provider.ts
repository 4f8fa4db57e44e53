import { Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { NoticeContent, VariationView } from '../../../../libs/domain/src/variation';
import { EMS_REFUSED } from '../../../../workflows/activities';
import { stableReference } from '../stable-reference';
import { emsNotice } from './ems-notice';

/**
 * Only these say the notice itself is wrong (api.md, EMS provider). 409 is not one: it means a request
 * with this Idempotency-Key is still being processed, so it is tried again like a 5xx, as 401, 403,
 * 408 and 429 are (our token, the provider's limits).
 */
const REFUSALS = [400, 422];

/**
 * The EMS provider's API (R15): POST {EMS_API_URL}/variation-notices with a bearer token and an
 * Idempotency-Key that is the same on every retry of the activity. A 5xx, a 409 (still processing) or a
 * network error is thrown for Temporal to retry with backoff; a refusal of the notice itself (400, 422) will not get better
 * by retrying, so it is a non-retryable failure carrying the provider's message, for the practitioner.
 */
export class EmsProvider {
  private readonly logger = new Logger('EmsProvider');

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async sendNotice(view: NoticeContent, kind: 'VARIATION' | 'WITHDRAWAL'): Promise<string> {
    const { reference } = await this.post<{ reference: string }>(
      'variation-notices',
      emsNotice(view, kind),
      REFUSALS,
    );
    this.logger.log(`${kind} notice for variation ${view.id} accepted as ${reference}`);
    return reference;
  }

  /**
   * After a failed visit: the provider is asked to visit again. api.md does not define this call
   * (README: where it departs from the design), so a provider without it, or without this notice, is
   * a refusal the practitioner hears of, not something to retry for ever.
   */
  async requestVisit(view: VariationView): Promise<void> {
    const reference = encodeURIComponent(view.ems?.reference ?? '');
    await this.post(`variation-notices/${reference}/visit-requests`, { variationId: view.id }, [
      ...REFUSALS,
      404,
      405,
      501,
    ]);
    this.logger.log(`Visit ${view.ems?.visitsRequested} requested for variation ${view.id}`);
  }

  private async post<T>(path: string, body: unknown, refusals: number[]): Promise<T> {
    const response = await fetch(
      new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`),
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.token}`,
          'idempotency-key': stableReference('EMS'),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (refusals.includes(response.status)) {
      throw ApplicationFailure.nonRetryable(
        `The EMS provider refused it (${response.status}): ${await providerMessage(response)}`,
        EMS_REFUSED,
      );
    }
    if (!response.ok) throw new Error(`The EMS provider answered ${response.status}`);
    return (await response.json()) as T;
  }
}

async function providerMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: unknown; messages?: unknown; error?: unknown };
    const message = body.messages ?? body.message ?? body.error;
    return Array.isArray(message) ? message.join('; ') : String(message ?? text);
  } catch {
    return text.slice(0, 500) || response.statusText;
  }
}
