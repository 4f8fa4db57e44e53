import type { Kysely } from 'kysely';
import { ukDateOf } from '../../domain/src/dates';
import { type OrderVersion, variedCurfew } from '../../domain/src/order-record';
import type { Curfew } from '../../domain/src/types';
import { FINAL_STATUSES, VISIT_OUTCOMES, type VariationView } from '../../domain/src/variation';
import { decrypt, encrypt } from '../../temporal/src/payload-codec';
import { stepTimes } from './step-times';
import type { RecordTables } from './tables';

/** What the workflow publishes: its view, how many changes it has made, and its person's CRN digest. */
export interface RecordEntry {
  view: VariationView;
  version: number;
  crnDigest: string;
  /** The order's keyed hash (R18); absent for variations submitted before orders were recorded. */
  orderDigest?: string;
}

/** Who holds an order (R18): the open variation, and whether its workflow has ever published. */
export interface OrderHolder {
  id: string;
  /** 0: only the api's claim, written before it started the workflow. */
  version: number;
  recordedAt: Date;
}

export type Claim =
  | { claimed: true }
  | { claimed: false; heldBy: OrderHolder }
  /** The variation's own id is on record and closed: its Idempotency-Key made it long ago. */
  | { claimed: false; closed: true };

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
  'event_number',
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
    // A completed variation is its order's new version (R18): written once, like a step.
    const versions = entries
      .filter(({ view, orderDigest }) => view.status === 'COMPLETED' && orderDigest)
      .map(({ view, orderDigest }) => ({
        variation_id: view.id,
        order_digest: orderDigest!,
        completed_at: view.timeline.at(-1)!.at,
        effective_from: view.change.effectiveFrom,
        curfews: this.seal({ before: view.curfew, after: variedCurfew(view.curfew, view.change) }),
        key_id: this.writeKeyId,
      }));
    if (versions.length > 0)
      await this.db
        .insertInto('order_versions')
        .values(versions)
        .onConflict((conflict) => conflict.column('variation_id').doNothing())
        .execute();
  }

  /**
   * Takes the order for a variation about to start (R18), atomically: its first row goes in under the
   * unique index on an order's open variation, as version 0, which its workflow's first publication
   * replaces. Taken again by the same variation (a retried submission) it stays taken.
   */
  async claim(entry: RecordEntry & { orderDigest: string; version: 0 }): Promise<Claim> {
    // The holder may close between the insert and the look: then the insert is tried again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.db
        .insertInto('variations')
        .values(this.rowOf(entry))
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { claimed: true };
      const holder = await this.db
        .selectFrom('variations')
        .select(['id', 'version', 'recorded_at'])
        .where('order_digest', '=', entry.orderDigest)
        .where('open', '=', true)
        .executeTakeFirst();
      if (holder?.id === entry.view.id) return { claimed: true };
      if (holder)
        return {
          claimed: false,
          heldBy: { id: holder.id, version: holder.version, recordedAt: holder.recorded_at },
        };
      if (await this.find(entry.view.id)) return { claimed: false, closed: true };
    }
    throw new Error('The order was taken and freed three times while claiming it');
  }

  /**
   * Frees an order from a claim whose workflow never started (the api died, or Temporal refused the
   * start): only while the claim is still version 0, so a workflow that did start keeps its row.
   */
  async releaseClaim(id: string): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('variations')
      .where('id', '=', id)
      .where('version', '=', 0)
      .executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  /** The order's open variation (R18), if it has one. */
  async openVariationOf(orderDigest: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('variations')
      .select('id')
      .where('order_digest', '=', orderDigest)
      .where('open', '=', true)
      .executeTakeFirst();
    return row?.id;
  }

  /** The order's last completed variation (R18), if it has one on record. */
  async lastVersionOf(orderDigest: string): Promise<OrderVersion | undefined> {
    const row = await this.db
      .selectFrom('order_versions')
      .selectAll()
      .where('order_digest', '=', orderDigest)
      .orderBy('completed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    const { before, after } = this.open<{ before: Curfew; after: Curfew }>(row.curfews, row.key_id);
    return {
      variationId: row.variation_id,
      completedAt: row.completed_at.toISOString(),
      effectiveFrom: row.effective_from,
      before,
      after,
    };
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
    return this.open<VariationView>(row.view, row.key_id);
  }

  /** JSON encrypted under the key new writes use. */
  private seal(value: unknown): Buffer {
    return encrypt(this.keys.get(this.writeKeyId)!, Buffer.from(JSON.stringify(value)));
  }

  private open<T>(sealed: Buffer, keyId: string): T {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`A record is encrypted with unknown key id "${keyId}"`);
    return JSON.parse(Buffer.from(decrypt(key, sealed)).toString()) as T;
  }

  private rowOf({ view, version, crnDigest, orderDigest }: RecordEntry) {
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
      order_digest: orderDigest ?? null,
      event_number: view.order.eventNumber ?? null,
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
      view: this.seal(view),
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
