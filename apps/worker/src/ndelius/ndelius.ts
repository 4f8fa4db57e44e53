import { Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { contactReference } from '../stable-reference';

export interface ContactRecord {
  crn: string;
  variationId: string;
  informedAt: string;
  method: string;
  by: string;
}

/** Refusals that pass: they are about our credentials or nDelius's load, not the contact. */
const PASSING = [401, 403, 408, 429];

/** nDelius, the case management system: where the contact with the PoP is recorded (step 7). */
export abstract class NDelius {
  abstract recordContact(contact: ContactRecord): Promise<string>;
}

/**
 * The real thing: POST {NDELIUS_API_URL}/contacts, idempotent by the variation's contact reference.
 * A 5xx, a network error, or a 401, 403, 408 or 429 (our token, nDelius's limits) is thrown for
 * Temporal to retry; any other 4xx says the contact itself is wrong, and retrying will not help.
 */
export class NDeliusHttpClient extends NDelius {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {
    super();
  }

  async recordContact(contact: ContactRecord): Promise<string> {
    const response = await fetch(
      new URL('contacts', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`),
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.token}`,
          'idempotency-key': contactReference(),
        },
        body: JSON.stringify({ type: 'CURFEW_VARIATION_POP_INFORMED', ...contact }),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (response.status >= 400 && response.status < 500 && !PASSING.includes(response.status)) {
      // Our request is wrong: retrying will not help, a person must look (the variation waits).
      throw ApplicationFailure.nonRetryable(
        `nDelius refused the contact: ${response.status}`,
        'NDELIUS_REFUSED',
      );
    }
    if (!response.ok) throw new Error(`nDelius answered ${response.status}`);
    const { id } = (await response.json()) as { id: string };
    return id;
  }
}

/** Local runs without nDelius: the contact is acknowledged with a stable id and logged (no personal data). */
export class NDeliusStandIn extends NDelius {
  private readonly logger = new Logger('NDeliusStandIn');

  async recordContact(contact: ContactRecord): Promise<string> {
    const id = contactReference();
    this.logger.log(`Contact ${id} recorded for variation ${contact.variationId}`);
    return id;
  }
}
