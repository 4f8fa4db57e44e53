// The record (PostgreSQL) over HTTP, against the real stack: it answers for a variation after
// Temporal has deleted its history, it catches up after its database was away, it can be rebuilt
// from the workflows, and it keeps a closed variation only for RECORD_RETENTION (R17).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/common';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { recordDatabase } from '../../libs/record/src/database';
import { VariationRecords } from '../../libs/record/src/variation-records';
import { parseEncryptionKeys } from '../../libs/temporal/src/payload-codec';
import type { VariationView } from '../../libs/domain/src/variation';
import { migrateRecordAt } from '../../scripts/migrate-record';
import { rebuildRecord } from '../../scripts/rebuild-record';
import { call } from '../support/http';
import { csrfOf, signedIn } from '../../scripts/local-sign-in';
import { timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/variations';

let stack: Stack;
let practitioner: string;
let spo: string;

beforeAll(async () => {
  stack = await startStack({
    env: { RECORD_CATCH_UP_MS: '1000', RECORD_RETENTION: '30d', RECORD_RETENTION_CHECK_MS: '1000' },
  });
  practitioner = await stack.token('practitioner');
  spo = await stack.token('spo');
}, 120_000);
afterAll(() => stack?.stop());

/** Everyone this suite varies: each submission is a new person (testCrn), searched for at rest below. */
const crns: string[] = [];
const submit = async (request = timesChange()) => {
  crns.push(request.person.crn);
  return (await call(stack.baseUrl, 'POST', '/variations', { token: practitioner, body: request })).body
    .id as string;
};

/** The variation as GET /variations lists it (from the record), once it shows `status`. */
const listedAs = (id: string, status: string) =>
  eventually(
    `the record to list ${id} as ${status}`,
    async () => (await call(stack.baseUrl, 'GET', '/variations?pageSize=200', { token: practitioner })).body,
    (page) =>
      page.items?.some((item: { id: string; status: string }) => item.id === id && item.status === status),
    (page) => page.items?.find((item: { id: string }) => item.id === id) ?? page,
    60_000,
  );

const audited = () =>
  readFileSync(stack.auditLog, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { what: string; variationId?: string; why: string });

function records(url = stack.databaseUrl) {
  const { PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID } = stack.temporal.secrets;
  const db = recordDatabase(url);
  return {
    db,
    records: new VariationRecords(
      db,
      parseEncryptionKeys(PAYLOAD_ENCRYPTION_KEYS),
      PAYLOAD_ENCRYPTION_KEY_ID,
    ),
  };
}

describe("while the record's database is away", () => {
  it('lists and MI answer 503, actions on an open variation go on, and the record catches up once it is back', async () => {
    const id = await submit();
    await listedAs(id, 'AWAITING_TRIAGE');
    const cookie = await signedIn(stack.baseUrl, 'practitioner');
    await stack.stopRecordDatabase();
    try {
      // The pages' sessions are there too: a page says to try again, never a 500.
      const page = await fetch(`${stack.baseUrl}/cases`, { headers: { cookie }, redirect: 'manual' });
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('5');
      expect(await page.text()).toContain('Try again in a few minutes');

      const list = await call(stack.baseUrl, 'GET', '/variations', { token: practitioner });
      expect(list.status).toBe(503);
      expect(list.headers.get('retry-after')).toBe('5');
      expect(list.body.message).toContain("The record's database is not answering");
      const mi = await call(stack.baseUrl, 'GET', '/mi/summary', { token: await stack.token('em-lead') });
      expect(mi.status).toBe(503);

      // The open variation is the workflow's to show and to act on.
      const view = await call(stack.baseUrl, 'GET', `/variations/${id}`, { token: practitioner });
      expect(view.body.status).toBe('AWAITING_TRIAGE');
      const triaged = await call(stack.baseUrl, 'POST', `/variations/${id}/triage`, {
        token: spo,
        body: { decision: 'ACCEPT' },
      });
      expect(triaged.status).toBe(200);
      expect(triaged.body.status).toBe('AWAITING_APPROVAL');
      // The worker that held the change for the record stops: only the catch-up can bring it.
      await stack.kill('worker');
      await stack.restart('worker');
    } finally {
      await stack.startRecordDatabase();
    }
    await listedAs(id, 'AWAITING_APPROVAL');
    expect(stack.output.some((line) => line.includes('The record caught up with 1 variations'))).toBe(true);
  }, 180_000);
});

describe('npm run record:rebuild', () => {
  it('publishes every variation Temporal holds into an empty database, as the record has them, and again changes nothing', async () => {
    const rejected = await submit();
    await call(stack.baseUrl, 'POST', `/variations/${rejected}/triage`, {
      token: spo,
      body: { decision: 'REJECT', reason: 'Not safe at that address' },
    });
    await listedAs(rejected, 'REJECTED');
    const admin = new Client({ connectionString: stack.databaseUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE rebuilt');
    await admin.end();
    const rebuiltUrl = stack.databaseUrl.replace(/\/record$/, '/rebuilt');
    await migrateRecordAt(rebuiltUrl);
    const env = {
      ...stack.temporal.secrets,
      TEMPORAL_ADDRESS: stack.temporal.env.address,
      DATABASE_URL: rebuiltUrl,
    };

    const published = await rebuildRecord(env, () => undefined);
    const original = records();
    const rebuilt = records(rebuiltUrl);
    try {
      const rows = (of: typeof original) =>
        of.db.selectFrom('variations').select(['id', 'version', 'status', 'open']).orderBy('id').execute();
      expect(await rows(rebuilt)).toEqual(await rows(original));
      expect(published).toBe((await rows(original)).length);
      expect((await rebuilt.records.find(rejected))?.view).toEqual(
        (await original.records.find(rejected))?.view,
      );

      // Idempotent: run again, nothing moves.
      const before = await rebuilt.db
        .selectFrom('variations')
        .select(['id', 'recorded_at'])
        .orderBy('id')
        .execute();
      await rebuildRecord(env, () => undefined);
      expect(
        await rebuilt.db.selectFrom('variations').select(['id', 'recorded_at']).orderBy('id').execute(),
      ).toEqual(before);
    } finally {
      await original.db.destroy();
      await rebuilt.db.destroy();
    }
  }, 120_000);
});

describe('a closed variation whose history Temporal has deleted', () => {
  it("still has its case page, and is in the lists, the person's page and MI", async () => {
    const request = timesChange();
    const { crn } = request.person;
    const id = await submit(request);
    await call(stack.baseUrl, 'POST', `/variations/${id}/triage`, {
      token: spo,
      body: { decision: 'REJECT', reason: 'The householder withdrew consent' },
    });
    await listedAs(id, 'REJECTED');
    const emLead = await stack.token('em-lead');
    const counted = async () =>
      (await call(stack.baseUrl, 'GET', '/mi/summary', { token: emLead })).body.pdus.find(
        (pdu: { pduCode: string }) => pdu.pduCode === timesChange().practitioner.pduCode,
      ).byStatus.REJECTED as number;
    const rejectedBefore = await counted();

    const workflow = stack.temporal.env.client.workflow.getHandle(`variation-${id}`);
    await stack.temporal.env.client.workflowService.deleteWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: `variation-${id}` },
    });
    // Deletion is asynchronous: wait until Temporal says there is no such workflow.
    await eventually(
      'Temporal to have deleted the workflow',
      () =>
        workflow.describe().then(
          () => 'still there',
          (error: unknown) => error,
        ),
      (outcome) => outcome instanceof WorkflowNotFoundError,
      (outcome) => String(outcome),
      120_000,
      1_000,
    );

    const view = await call(stack.baseUrl, 'GET', `/variations/${id}`, { token: practitioner });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id, status: 'REJECTED', person: { crn } });
    expect(view.body.refusal.reason).toBe('The householder withdrew consent');
    expect(audited()).toContainEqual(expect.objectContaining({ what: 'VIEW', variationId: id }));
    // It takes no actions: it has ended.
    const withdrawn = await call(stack.baseUrl, 'POST', `/variations/${id}/withdrawal`, {
      token: practitioner,
      body: { reason: 'No longer needed' },
    });
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body).toMatchObject({ error: 'INVALID_STATE', status: 'REJECTED' });

    const byCrn = await call(stack.baseUrl, 'GET', `/variations?crn=${crn}&pageSize=200`, {
      token: practitioner,
    });
    expect(byCrn.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect(await counted()).toBe(rejectedBefore);

    // The pages: the case page, and the person's page found by CRN.
    const cookie = await signedIn(stack.baseUrl, 'practitioner');
    const casePage = await fetch(`${stack.baseUrl}/cases/${id}`, { headers: { cookie } });
    expect(casePage.status).toBe(200);
    const html = await casePage.text();
    expect(html).toContain('Rejected');
    const person = await fetch(`${stack.baseUrl}/cases`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ crn, csrf: csrfOf(html) }),
    });
    expect(person.status).toBe(200);
    const personPage = await person.text();
    expect(personPage).toContain('<h1 class="govuk-heading-l">Sam Jones</h1>');
    expect(personPage).toContain(`href="/cases/${id}"`);
  }, 240_000);
});

describe('retention (R17)', () => {
  it('deletes a record closed longer ago than RECORD_RETENTION, audited, and keeps the open and those whose curfew is in force', async () => {
    const { db, records: record } = records();
    const variation = (
      status: VariationView['status'],
      submittedAt: string,
      closedAt?: string,
    ): VariationView => ({
      ...timesChange(),
      id: randomUUID(),
      status,
      route: 'ADMINISTRATIVE',
      decisions: [],
      notices: [],
      ems: null,
      court: null,
      refusal: null,
      dueBy: null,
      timeline: [
        { at: submittedAt, event: 'SUBMITTED', by: 'alex.smith' },
        ...(closedAt ? [{ at: closedAt, event: status, by: null }] : []),
      ],
    });
    const longClosed = variation('REJECTED', '2020-01-06T10:00:00Z', '2020-01-07T10:00:00Z');
    const longOpen = variation('AWAITING_TRIAGE', '2020-01-06T10:00:00Z');
    // Completed long ago, but its curfew, as it varied it, runs into next year: still the order's curfew.
    const stillInForce = variation('COMPLETED', '2020-01-06T10:00:00Z', '2020-01-07T10:00:00Z');
    stillInForce.curfew.endDate = `${new Date().getUTCFullYear() + 1}-06-30`;
    const recentlyClosed = variation(
      'WITHDRAWN',
      new Date(Date.now() - 86_400_000).toISOString(),
      new Date().toISOString(),
    );
    try {
      await record.publish(
        [longClosed, longOpen, stillInForce, recentlyClosed].map((view) => ({
          view,
          version: 9,
          crnDigest: 'digest',
        })),
      );
      await eventually(
        'the retention schedule to delete the long-closed record',
        () => record.find(longClosed.id),
        (found) => found === undefined,
        () => 'still there',
      );
      expect(await record.find(longOpen.id)).toBeDefined();
      expect(await record.find(stillInForce.id)).toBeDefined();
      expect(await record.find(recentlyClosed.id)).toBeDefined();
      expect(audited()).toContainEqual(
        expect.objectContaining({
          what: 'DELETE',
          variationId: longClosed.id,
          why: expect.stringContaining('RECORD_RETENTION 30d'),
        }),
      );
      expect(
        audited().filter((event) => event.what === 'DELETE' && event.variationId !== longClosed.id),
      ).toEqual([]);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});

describe('personal data at rest (R17)', () => {
  it('is nowhere in plaintext: not in any table read as text, nor in the data directory, WAL included', async () => {
    const personal = [...crns, 'Jones', '1990-04-01', 'High Street', 'LS1 1AA', 'alex.smith@'];
    expect(crns.length).toBeGreaterThan(0);
    const client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      await client.query('CHECKPOINT');
      const tables = await client.query<{ name: string }>(
        "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables.rows.map((table) => table.name)).toEqual(
        expect.arrayContaining(['variations', 'variation_steps', 'order_versions']),
      );
      for (const { name } of tables.rows) {
        // Each row as COPY's text format writes it.
        const rows = await client.query<{ line: string }>(`SELECT t::text AS line FROM ${name} t`);
        const text = rows.rows.map((row) => row.line).join('\n');
        for (const value of personal)
          expect({ table: name, found: text.includes(value) }).toEqual({ table: name, found: false });
      }
    } finally {
      await client.end();
    }
    const files = readdirSync(stack.recordDataDir, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(files.some((file) => file.parentPath.includes('pg_wal'))).toBe(true);
    const contents = files.map((file) => ({
      file: file.name,
      bytes: readFileSync(join(file.parentPath, file.name)),
    }));
    // The search can find text there: the schema's own names are in plaintext.
    expect(contents.some(({ bytes }) => bytes.includes('variations_by_crn'))).toBe(true);
    for (const { file, bytes } of contents)
      for (const value of personal)
        expect({ file, found: bytes.includes(value) }).toEqual({ file, found: false });
  });
});
