import type { ColumnType, Generated } from 'kysely';

/** The record's tables, as Kysely types its queries (libs/record/src/migrations make them). */
export interface RecordTables {
  variations: {
    id: string;
    version: number;
    status: string;
    route: string;
    pdu_code: string;
    crn_digest: string;
    order_digest: string | null;
    open: boolean;
    submitted_at: ColumnType<Date, Date | string, Date | string>;
    submitted_on: ColumnType<string, string, string>;
    effective_from: ColumnType<string | null, string | null, string | null>;
    due_by: ColumnType<string | null, string | null, string | null>;
    closed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
    visit_outcomes: string[];
    in_force_until: ColumnType<string | null, string | null, string | null>;
    event_number: number | null;
    view: Buffer;
    key_id: string;
    recorded_at: Generated<Date>;
  };
  variation_steps: {
    variation_id: string;
    step: string;
    round: number;
    pdu_code: string;
    submitted_on: ColumnType<string, string, string>;
    started_at: ColumnType<Date, Date | string, Date | string>;
    ended_at: ColumnType<Date, Date | string, Date | string>;
    working_days: number;
  };
  order_versions: {
    variation_id: string;
    order_digest: string;
    completed_at: ColumnType<Date, Date | string, Date | string>;
    effective_from: ColumnType<string, string, string>;
    curfews: Buffer;
    key_id: string;
  };
}
