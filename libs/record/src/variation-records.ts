import type { Kysely } from 'kysely';
import { FINAL_STATUSES, type VariationView } from '../../domain/src/variation';
import { decrypt, encrypt } from '../../temporal/src/payload-codec';
import type { RecordTables } from './tables';

/** What the workflow publishes: its view, how many changes it has made, and its person's CRN digest. */
export interface RecordEntry {
  view: VariationView;
  version: number;
  crnDigest: string;
}

/**
 * Each variation as its workflow last published it. The view, which holds the personal data, is
 * encrypted with the payload key ring (its key id kept, so keys rotate as the codec's do); the other
 * columns are what lists and counts filter on, and hold none.
 */
export class VariationRecords {
  constructor(
    private readonly db: Kysely<RecordTables>,
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly writeKeyId: string,
  ) {}

  /**
   * Writes the entry unless the record already holds this version or a later one: a retried
   * activity, a replayed workflow or a late write changes nothing.
   */
  async publish({ view, version, crnDigest }: RecordEntry): Promise<void> {
    const open = !FINAL_STATUSES.includes(view.status);
    // The timeline starts with the submission and ends with the latest event.
    const [submitted] = view.timeline;
    const columns = {
      version,
      status: view.status,
      route: view.route,
      pdu_code: view.practitioner.pduCode,
      crn_digest: crnDigest,
      open,
      submitted_at: submitted.at,
      effective_from: view.change.effectiveFrom,
      due_by: view.dueBy,
      closed_at: open ? null : view.timeline.at(-1)!.at,
      view: encrypt(this.keys.get(this.writeKeyId)!, Buffer.from(JSON.stringify(view))),
      key_id: this.writeKeyId,
    };
    await this.db
      .insertInto('variations')
      .values({ id: view.id, ...columns })
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet(columns).where('variations.version', '<', version),
      )
      .execute();
  }

  async find(id: string): Promise<VariationView | undefined> {
    const row = await this.db
      .selectFrom('variations')
      .select(['view', 'key_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const key = this.keys.get(row.key_id);
    if (!key) throw new Error(`The record of ${id} is encrypted with unknown key id "${row.key_id}"`);
    return JSON.parse(decrypt(key, row.view).toString()) as VariationView;
  }
}
