import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
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
import { saved } from '../../../../../libs/security/src/page-session';

/** What changes (R4): the times, the address, or both. */
export type ChangeKind = 'times' | 'address';

/** One of the person's orders with a curfew requirement, as the journey offers it. */
export interface OrderChoice {
  eventNumber: number;
  type: string;
  sentenceDate: string;
  court: string;
}

/** The answers of one "Vary a curfew" journey so far. */
export interface JourneyAnswers {
  /** The Idempotency-Key of this application: submitting twice makes one variation. */
  key: string;
  /** Whose answers they are: another person signed in on the same browser does not see them. */
  owner: string;
  /** From nDelius: the person, and their orders with a curfew requirement. */
  person?: Person;
  orders?: OrderChoice[];
  /** The order chosen and its curfew as it stands (R18), from nDelius and the record. */
  order?: Order & { eventNumber: number };
  curfew?: Curfew;
  change?: { kinds: ChangeKind[]; circumstances: string; effectiveFrom: string };
  newTimes?: CurfewPeriod[];
  newAddress?: Address;
  consent?: Consent;
  /** R9: may be empty, the checks then come later from the case page. */
  addressChecks?: AddressChecks;
}

declare module 'express-session' {
  interface SessionData {
    answers?: JourneyAnswers;
  }
}

/**
 * The answers live in the page session, on the server and encrypted (libs/security), never in URLs:
 * personal data stays out of addresses and logs, and any api replica can serve the next page.
 */
@Injectable()
export class JourneyAnswersSession {
  /** The signed-in user's answers so far; none yet, or someone else's, is a fresh start. */
  read(request: AuthenticatedRequest): JourneyAnswers {
    const owner = request.user!.username;
    const answers = request.session.answers;
    return answers && answers.owner === owner ? answers : { key: randomUUID(), owner };
  }

  /** Kept before the next page is asked for (the caller redirects to it). */
  write(request: Request, answers: JourneyAnswers): Promise<void> {
    request.session.answers = answers;
    return saved(request);
  }

  clear(request: Request): Promise<void> {
    delete request.session.answers;
    return saved(request);
  }
}
