import { randomUUID } from 'node:crypto';
import type { ContactRecord } from '../../../libs/ndelius/src/ndelius-case';

export interface RecordedContact extends ContactRecord {
  id: string;
  type: string;
  idempotencyKey: string;
}

/** The contacts recorded, in memory: tests read them over the admin API. */
export class Contacts {
  private readonly byKey = new Map<string, RecordedContact>();

  record(idempotencyKey: string, contact: ContactRecord & { type: string }): string {
    const earlier = this.byKey.get(idempotencyKey);
    if (earlier) return earlier.id;
    const id = `CONTACT-${randomUUID().slice(0, 8)}`;
    this.byKey.set(idempotencyKey, { ...contact, id, idempotencyKey });
    return id;
  }

  all(): RecordedContact[] {
    return [...this.byKey.values()];
  }
}
