import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type {
  Address,
  AddressChecks,
  Consent,
  Curfew,
  CurfewPeriod,
  Order,
  Person,
} from '../../../../../libs/domain/src/types';
import type { AuthenticatedRequest } from '../../../../../libs/security/src/auth.guard';
import { PageSessions } from '../../../../../libs/security/src/page-session';
import type { SealedCookie } from '../../../../../libs/security/src/sealed-cookie';

/** What changes (R4): the times, the address, or both. */
export type ChangeKind = 'times' | 'address';

/** The answers of one "Vary a curfew" journey so far. */
export interface JourneyAnswers {
  /** The Idempotency-Key of this application: submitting twice makes one variation. */
  key: string;
  /** Whose answers they are: another person signed in on the same browser does not see them. */
  owner: string;
  person?: Person;
  order?: Order;
  curfew?: Curfew;
  change?: { kinds: ChangeKind[]; circumstances: string; effectiveFrom: string };
  newTimes?: CurfewPeriod[];
  newAddress?: Address;
  consent?: Consent;
  /** R9: may be empty, the checks then come later from the case page. */
  addressChecks?: AddressChecks;
}

/**
 * The answers live in an encrypted cookie of their own, never in URLs and never on the server: personal
 * data stays out of addresses and logs, and any api replica can serve the next page.
 */
@Injectable()
export class JourneyAnswersCookie {
  private readonly cookie: SealedCookie<JourneyAnswers>;

  constructor(sessions: PageSessions) {
    this.cookie = sessions.sealedCookie<JourneyAnswers>('curfew_answers');
  }

  /** The signed-in user's answers so far; none yet, or someone else's, is a fresh start. */
  async read(request: AuthenticatedRequest): Promise<JourneyAnswers> {
    const owner = request.user!.username;
    const answers = await this.cookie.read(request);
    return answers && answers.owner === owner ? answers : { key: randomUUID(), owner };
  }

  write(response: Response, answers: JourneyAnswers): Promise<void> {
    return this.cookie.write(response, answers);
  }

  clear(response: Response): void {
    this.cookie.clear(response);
  }
}
