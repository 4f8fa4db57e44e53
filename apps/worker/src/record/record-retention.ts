import type { AuditSink } from '../../../../libs/audit/src/audit';
import { ukToday } from '../../../../libs/domain/src/dates';
import type { VariationRecords } from '../../../../libs/record/src/variation-records';
import type { RecordUpkeepActivities } from '../../../../workflows/activities';

/** Records deleted in one statement. */
const DELETE_BATCH = 500;

/** How long a closed record is kept: "7y" (years) or "30d" (days). */
export const RETENTION = /^(\d+)\s?(y|d)$/;

/**
 * R17: the record is kept for RECORD_RETENTION after a variation closes, then deleted, each deletion
 * audited. A completed variation whose curfew is still in force is kept until it ends: it is what the
 * order's curfew now is.
 */
export class RecordRetention {
  constructor(
    private readonly records: VariationRecords,
    private readonly audit: AuditSink,
    private readonly retention: string,
  ) {}

  activities(): Pick<RecordUpkeepActivities, 'deleteExpiredRecords'> {
    return { deleteExpiredRecords: () => this.deleteExpired(new Date()) };
  }

  async deleteExpired(now: Date): Promise<number> {
    const cutoff = retentionCutoff(this.retention, now);
    let deleted = 0;
    for (;;) {
      const ids = await this.records.deleteClosedBefore(cutoff, ukToday(now), DELETE_BATCH);
      for (const id of ids)
        this.audit.record({
          who: 'record-retention',
          what: 'DELETE',
          variationId: id,
          why: `closed before ${cutoff.toISOString()} (RECORD_RETENTION ${this.retention})`,
        });
      deleted += ids.length;
      if (ids.length < DELETE_BATCH) return deleted;
    }
  }
}

export function retentionCutoff(retention: string, now: Date): Date {
  const [, amount, unit] = RETENTION.exec(retention)!;
  const cutoff = new Date(now);
  if (unit === 'y') cutoff.setUTCFullYear(cutoff.getUTCFullYear() - Number(amount));
  else cutoff.setUTCDate(cutoff.getUTCDate() - Number(amount));
  return cutoff;
}
