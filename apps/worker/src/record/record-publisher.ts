import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InjectedSinks } from '@temporalio/worker';
import type { RecordEntry, VariationRecords } from '../../../../libs/record/src/variation-records';
import type { RecordSinks } from '../../../../workflows/record-keeping';

/** Waits between tries while the database is away, doubling up to the last. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Writes what the workflows publish as they change (workflows/record-keeping.ts), behind their backs:
 * a workflow hands its entry over and goes on at once. Entries wait here while earlier ones are
 * written, and only the latest of each variation is kept, so a burst costs one write per variation.
 * While the database is away they wait and are tried again until it is back. What a stopped worker
 * still held is not lost for good: the workflow publishes once more as it ends, through an activity,
 * and `npm run record:catch-up` (docs/operations.md) re-publishes every open variation whose record
 * is behind.
 */
export class RecordPublisher {
  private readonly logger = new Logger('Record');
  private readonly waiting = new Map<string, RecordEntry>();
  private writing?: Promise<void>;

  constructor(private readonly records: VariationRecords) {}

  /** Takes a copy of the entry now (the workflow goes on changing its view) and writes it soon. */
  publish(entry: RecordEntry): void {
    const waiting = this.waiting.get(entry.view.id);
    if (waiting && waiting.version >= entry.version) return;
    this.waiting.set(entry.view.id, structuredClone(entry));
    this.writing ??= this.writeAll().finally(() => (this.writing = undefined));
  }

  /** Resolves once everything handed over so far is written, or `timeoutMs` has passed. */
  async flush(timeoutMs: number): Promise<void> {
    const timer = new AbortController();
    const deadline = sleep(timeoutMs, 'timed out' as const, { signal: timer.signal }).catch(() => undefined);
    while (this.writing) if ((await Promise.race([this.writing, deadline])) === 'timed out') break;
    timer.abort();
    if (this.waiting.size > 0)
      this.logger.warn(`${this.waiting.size} variations' records were not written before the worker stopped`);
  }

  private async writeAll(): Promise<void> {
    let failures = 0;
    while (this.waiting.size > 0) {
      const batch = [...this.waiting.values()];
      this.waiting.clear();
      try {
        await this.records.publish(batch);
        if (failures > 0) this.logger.log('The record is written again');
        failures = 0;
      } catch (error) {
        // Back in the queue unless a later version has come meanwhile.
        for (const entry of batch)
          if (!this.waiting.has(entry.view.id)) this.waiting.set(entry.view.id, entry);
        const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
        if (failures === 0)
          this.logger.warn(
            `The record could not be written (${(error as Error).message}); ${this.waiting.size} variations wait, tried again every ${wait / 1000}s or more`,
          );
        failures++;
        await sleep(wait);
      }
    }
  }
}

/** The workflows' record sink, as the worker is given it. Not called when a workflow is replayed. */
export function recordSinks(publisher: RecordPublisher): InjectedSinks<RecordSinks> {
  return { record: { publish: { fn: (_info, entry) => publisher.publish(entry), callDuringReplay: false } } };
}
