import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EmsNoticeDto } from '../../../libs/contracts/src/ems-notice.dto';

export interface NoticeRecord {
  reference: string;
  idempotencyKey: string;
  body: EmsNoticeDto;
  /** Canonical JSON of the body: a replay under the same key must carry the same one. */
  fingerprint: string;
  receivedAt: string;
  /** Visit requests accepted for this notice (each Idempotency-Key once). */
  visitRequests: number;
  visitAnswers: Map<string, number>;
  /** visit.completed events sent for it so far (automatic or by hand), redeliveries not counted. */
  visitsSent: number;
  /** A WITHDRAWAL notice for the same variation came later: no more automatic events. */
  withdrawn: boolean;
}

export type NoticeOutcome =
  { kind: 'new'; notice: NoticeRecord } | { kind: 'replay'; notice: NoticeRecord } | { kind: 'key-reused' };

export type VisitRequestOutcome = { kind: 'new'; visit: number } | { kind: 'replay'; visit: number };

/** Every notice received, in memory, with the idempotency keys they came under. */
@Injectable()
export class NoticeStore {
  private readonly notices: NoticeRecord[] = [];
  private readonly byKey = new Map<string, NoticeRecord>();
  private readonly byReference = new Map<string, NoticeRecord>();
  /** Tries answered 409 so far, by Idempotency-Key (a rule's busyFor). */
  private readonly busyAnswers = new Map<string, number>();

  /** Whether this try under `idempotencyKey` is one of the first `busyFor`, counting it if so. */
  stillBusy(idempotencyKey: string, busyFor: number | undefined): boolean {
    const answered = this.busyAnswers.get(idempotencyKey) ?? 0;
    if (!busyFor || answered >= busyFor) return false;
    this.busyAnswers.set(idempotencyKey, answered + 1);
    return true;
  }

  /** Records a notice, or finds the one sent earlier under the same key. */
  receive(idempotencyKey: string, body: EmsNoticeDto): NoticeOutcome {
    const fingerprint = canonicalJson(body);
    const earlier = this.byKey.get(idempotencyKey);
    if (earlier)
      return earlier.fingerprint === fingerprint
        ? { kind: 'replay', notice: earlier }
        : { kind: 'key-reused' };

    const notice: NoticeRecord = {
      reference: this.newReference(),
      idempotencyKey,
      body,
      fingerprint,
      receivedAt: new Date().toISOString(),
      visitRequests: 0,
      visitAnswers: new Map(),
      visitsSent: 0,
      withdrawn: false,
    };
    if (body.kind === 'WITHDRAWAL') {
      for (const other of this.notices)
        if (other.body.variationId === body.variationId) other.withdrawn = true;
    }
    this.notices.push(notice);
    this.byKey.set(idempotencyKey, notice);
    this.byReference.set(notice.reference, notice);
    return { kind: 'new', notice };
  }

  /** Counts a visit request once per Idempotency-Key; the answer is the visit's number. */
  requestVisit(notice: NoticeRecord, idempotencyKey: string): VisitRequestOutcome {
    const earlier = notice.visitAnswers.get(idempotencyKey);
    if (earlier !== undefined) return { kind: 'replay', visit: earlier };
    notice.visitRequests += 1;
    const visit = initialVisits(notice) + notice.visitRequests;
    notice.visitAnswers.set(idempotencyKey, visit);
    return { kind: 'new', visit };
  }

  get(reference: string): NoticeRecord | undefined {
    return this.byReference.get(reference);
  }

  all(): readonly NoticeRecord[] {
    return this.notices;
  }

  private newReference(): string {
    for (;;) {
      const reference = `EMS-${randomBytes(4).toString('hex').toUpperCase()}`;
      if (!this.byReference.has(reference)) return reference;
    }
  }
}

/** An address change comes with an installation visit of its own: visit 1. */
export function initialVisits(notice: NoticeRecord): number {
  return notice.body.kind === 'VARIATION' && notice.body.variationTypes.includes('CHANGE_TO_ADDRESS') ? 1 : 0;
}

/** JSON with object keys sorted, so that the same body always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
