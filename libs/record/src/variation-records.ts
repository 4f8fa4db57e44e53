import type { Kysely } from 'kysely';
import { ukDateOf } from '../../domain/src/dates';
import { FINAL_STATUSES, VISIT_OUTCOMES, type VariationView } from '../../domain/src/variation';
import { decrypt, encrypt } from '../../temporal/src/payload-codec';
import { stepTimes } from './step-times';
import type { RecordTables } from './tables';

/** What the workflow publishes: its view, how many changes it has made, and its person's CRN digest. */
export interface RecordEntry {
  view: VariationView;
  version: number;
  crnDigest: string;
}

export interface RecordedVariation {
  view: VariationView;
  open: boolean;
}

/** What lists filter on. `pduCodes`: only these PDUs (an empty list finds nothing). */
export interface RecordFilters {
  status?: string;
  route?: string;
  pduCodes?: string[];
  crnDigest?: string;
}

/** Where a page ended: the last variation's submission time and id. */
export interface PagePosition {
  submittedAt: string;
  id: string;
}

export interface RecordPage {
  views: VariationView[];
  next: PagePosition | null;
}

/** The columns a publication rewrites (all but the id, which never changes). */
const PUBLISHED = [
  'version',
  'status',
  'route',
  'pdu_code',
  'crn_digest',
  'open',
  'submitted_at',
  'submitted_on',
  'effective_from',
  'due_by',
  'closed_at',
  'visit_outcomes',
  'in_force_until',
  'view',
  'key_id',
  'recorded_at',
] as const;

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
   * Writes each entry unless the record already holds its version or a later one: a retried write, a
   * replayed workflow or a late write changes nothing. At most one entry per variation.
   */
  async publish(entries: readonly RecordEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((entry) => this.rowOf(entry));
    await this.db
      .insertInto('variations')
      .values(rows)
      .onConflict((conflict) =>
        conflict
          .column('id')
          .doUpdateSet((eb) =>
            Object.fromEntries(PUBLISHED.map((column) => [column, eb.ref(`excluded.${column}`)])),
          )
          .where((eb) => eb('variations.version', '<', eb.ref('excluded.version'))),
      )
      .execute();
    // A step once ended stays as it ended, so its row is written once; an earlier version's steps
    // are all among a later one's.
    const steps = entries.flatMap(({ view }) =>
      stepTimes(view.timeline).map((time) => ({
        variation_id: view.id,
        step: time.step,
        round: time.round,
        pdu_code: view.practitioner.pduCode,
        submitted_on: submittedOn(view),
        started_at: time.startedAt,
        ended_at: time.endedAt,
        working_days: time.workingDays,
      })),
    );
    if (steps.length > 0)
      await this.db
        .insertInto('variation_steps')
        .values(steps)
        .onConflict((conflict) => conflict.columns(['variation_id', 'step', 'round']).doNothing())
        .execute();
  }

  /** The variation as last published, and whether it is still open; undefined if never recorded. */
  async find(id: string): Promise<RecordedVariation | undefined> {
    const row = await this.db
      .selectFrom('variations')
      .select(['view', 'key_id', 'open'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { view: this.viewOf(row), open: row.open };
  }

  /**
   * Variations newest first, a page at a time: `after` is where the previous page ended. Every filter
   * is a column without personal data; the views on the page are decrypted.
   */
  async list(filters: RecordFilters, after: PagePosition | undefined, pageSize: number): Promise<RecordPage> {
    if (filters.pduCodes?.length === 0) return { views: [], next: null };
    let query = this.db
      .selectFrom('variations')
      .select(['id', 'submitted_at', 'view', 'key_id'])
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize + 1);
    if (filters.pduCodes) query = query.where('pdu_code', 'in', filters.pduCodes);
    if (filters.status) query = query.where('status', '=', filters.status);
    if (filters.route) query = query.where('route', '=', filters.route);
    if (filters.crnDigest) query = query.where('crn_digest', '=', filters.crnDigest);
    if (after)
      query = query.where((eb) =>
        eb(eb.refTuple('submitted_at', 'id'), '<', eb.tuple(new Date(after.submittedAt), after.id)),
      );
    const rows = await query.execute();
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    return {
      views: page.map((row) => this.viewOf(row)),
      next:
        rows.length > pageSize && last ? { submittedAt: last.submitted_at.toISOString(), id: last.id } : null,
    };
  }

  /** The recorded status of each of these variations that is on record. */
  async statusesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('variations')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  /**
   * Deletes up to `limit` variations closed before `cutoff` (their steps with them), but none whose
   * curfew, as it left it, is still in force on `today`; answers their ids.
   */
  async deleteClosedBefore(cutoff: Date, today: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('variations')
      .where(
        'id',
        'in',
        this.db
          .selectFrom('variations')
          .select('id')
          .where('open', '=', false)
          .where('closed_at', '<', cutoff)
          .where((eb) => eb.or([eb('in_force_until', 'is', null), eb('in_force_until', '<', today)]))
          .limit(limit),
      )
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** The view a row keeps, decrypted with the key it names. */
  viewOf(row: { view: Buffer; key_id: string }): VariationView {
    const key = this.keys.get(row.key_id);
    if (!key) throw new Error(`A record is encrypted with unknown key id "${row.key_id}"`);
    return JSON.parse(Buffer.from(decrypt(key, row.view)).toString()) as VariationView;
  }

  private rowOf({ view, version, crnDigest }: RecordEntry) {
    const open = !FINAL_STATUSES.includes(view.status);
    // The timeline starts with the submission and ends with the latest event.
    const [submitted] = view.timeline;
    return {
      id: view.id,
      version,
      status: view.status,
      route: view.route,
      pdu_code: view.practitioner.pduCode,
      crn_digest: crnDigest,
      open,
      submitted_at: submitted.at,
      submitted_on: submittedOn(view),
      effective_from: view.change.effectiveFrom,
      due_by: view.dueBy,
      closed_at: open ? null : view.timeline.at(-1)!.at,
      // The curfew as this variation left it, in force until it ends: kept beyond retention till then.
      in_force_until: view.status === 'COMPLETED' ? view.curfew.endDate : null,
      visit_outcomes: view.timeline
        .filter(({ event, note }) => event === 'EMS_VISIT_COMPLETED' && isVisitOutcome(note))
        .map(({ note }) => note!),
      view: encrypt(this.keys.get(this.writeKeyId)!, Buffer.from(JSON.stringify(view))),
      key_id: this.writeKeyId,
      recorded_at: new Date(),
    };
  }
}

/** The UK date it was submitted: submitted at 00:30 BST on 1 June is June's, though UTC says 31 May. */
function submittedOn(view: VariationView): string {
  return ukDateOf(view.timeline[0].at)!;
}

function isVisitOutcome(note: string | undefined): boolean {
  return (VISIT_OUTCOMES as readonly (string | undefined)[]).includes(note);
}
