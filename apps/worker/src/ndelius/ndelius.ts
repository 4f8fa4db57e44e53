import { Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { stableReference } from '../stable-reference';

export interface ContactRecord {
  crn: string;
  variationId: string;
  informedAt: string;
  method: string;
  by: string;
}

/** nDelius, the case management system: where the contact with the PoP is recorded (step 7). */
export abstract class NDelius {
  abstract recordContact(contact: ContactRecord): Promise<string>;
}

/** The real thing: POST {NDELIUS_API_URL}/contacts, idempotent by the activity's stable key. */
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
          'idempotency-key': stableReference('CONTACT'),
        },
        body: JSON.stringify({ type: 'CURFEW_VARIATION_POP_INFORMED', ...contact }),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (response.status >= 400 && response.status < 500) {
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
    const id = stableReference('CONTACT');
    this.logger.log(`Contact ${id} recorded for variation ${contact.variationId}`);
    return id;
  }
}
