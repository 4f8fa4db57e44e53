// R18 over HTTP: a variation varies one order, taken from nDelius (the stand-in, a real process),
// from its curfew as it stands; one at a time per order, even under a race across two apis; each
// completed variation is the order's new version.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { waitUntil } from '../../scripts/processes';
import { recordDatabase } from '../../libs/record/src/database';
import { VariationRecords } from '../../libs/record/src/variation-records';
import { orderDigest } from '../../libs/security/src/crn-digest';
import { parseEncryptionKeys } from '../../libs/temporal/src/payload-codec';
import { submittedView } from '../../workflows/submitted';
import { call } from '../support/http';
import { inNDelius } from '../support/ndelius';
import { daysFromToday, timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let practitioner: string;
let spo: string;
let pduHead: string;

beforeAll(async () => {
  stack = await startStack({ apis: 2 });
  practitioner = await stack.token('practitioner', { user: 'alex.smith' });
  spo = await stack.token('spo', { user: 'sam.spo' });
  pduHead = await stack.token('pdu-head', { user: 'pat.head' });
}, 120_000);

afterAll(() => stack?.stop());

const post = (path: string, body: unknown, token = practitioner, baseUrl = stack.baseUrl) =>
  call(baseUrl, 'POST', path, { token, body });
const get = (path: string, token = practitioner) => call(stack.baseUrl, 'GET', path, { token });

/** The body by the order: the order named, and only what changes. */
function byOrder(crn: string, eventNumber?: number) {
  const { practitioner: who, change, consent } = timesChange();
  return { order: { crn, ...(eventNumber && { eventNumber }) }, practitioner: who, change, consent };
}

/** How many variations the record holds for this person (none started means none). */
async function variationsOf(crn: string): Promise<number> {
  const emLead = await stack.token('em-lead');
  const found = await call(stack.baseUrl, 'GET', `/variations?crn=${crn}&pageSize=200`, { token: emLead });
  return found.body.items.length;
}

/** Runs an unmonitored variation to COMPLETED: triage, approval, the notices, the person told. */
async function complete(id: string): Promise<void> {
  expect((await post(`/variations/${id}/triage`, { decision: 'ACCEPT' }, spo)).status).toBe(200);
  expect((await post(`/variations/${id}/approval`, { decision: 'APPROVE' }, pduHead)).status).toBe(200);
  await waitUntil('the notices', async () => (await get(`/variations/${id}`)).body.notices.length === 2);
  const told = await post(`/variations/${id}/pop-informed`, {
    informedAt: new Date().toISOString(),
    method: 'PHONE',
  });
  expect(told.status).toBe(200);
  await waitUntil('completion', async () => (await get(`/variations/${id}`)).body.status === 'COMPLETED');
}

describe('the order comes from nDelius', () => {
  it('takes a submission by the order: the person, the order and its curfew are the record’s', async () => {
    const { person, order, curfew } = timesChange();
    const created = await post('/variations', byOrder(person.crn));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      person: { crn: person.crn, firstName: 'Sam', lastName: 'Jones', dateOfBirth: '1990-04-01' },
      order: { ...order, eventNumber: 1 },
      curfew,
    });
    // The list says which order it varies.
    await waitUntil('the list', async () => (await variationsOf(person.crn)) === 1);
  });

  it('checks a full body against the record: the typed-hours trick is a RECORD_MISMATCH, and nothing starts', async () => {
    const request = timesChange();
    const recorded = structuredClone(request.curfew.periods);
    // The order says Monday 19:00-07:00; typed as 19:00-09:00, 21:00-11:00 would pass as "unchanged" (R7).
    request.curfew.periods[0] = { day: 'MONDAY', start: '19:00', end: '09:00' };
    request.change.periods = [
      { day: 'MONDAY', start: '21:00', end: '11:00' },
      { day: 'TUESDAY', start: '19:00', end: '07:00' },
    ];
    request.person.firstName = 'Samuel';
    const refused = await post('/variations', request);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error: 'RECORD_MISMATCH',
      fields: [
        { field: 'person.firstName', recorded: 'Sam' },
        { field: 'curfew.periods', recorded },
      ],
    });
    expect(refused.body.messages[0]).toMatch(/^person\.firstName .*R18/);
    // Named by the order, the same change is judged against the curfew as it stands: two more hours.
    const judged = await post('/variations', { ...byOrder(request.person.crn), change: request.change });
    expect(judged.status).toBe(422);
    expect(judged.body).toMatchObject({ error: 'COURT_ROUTE_REQUIRED', rules: ['R7'] });
    expect(await variationsOf(request.person.crn)).toBe(0);
  });

  it('answers NOT_IN_NDELIUS for a person, an order or a curfew nDelius does not have', async () => {
    for (const [body, says] of [
      [byOrder('Z999999'), /no person with CRN Z999999/],
      [byOrder(timesChange().person.crn, 7), /no order with event number 7/],
      [byOrder('X890123'), /no order with a curfew requirement/],
    ] as const) {
      const answer = await post('/variations', body);
      expect([answer.status, answer.body.error]).toEqual([422, 'NOT_IN_NDELIUS']);
      expect(answer.body.messages[0]).toMatch(says);
    }
  });

  it('needs the event number only when the person has more than one order with a curfew', async () => {
    const unnamed = await post('/variations', byOrder('X789012'));
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.fields).toEqual([
      { field: 'order.eventNumber', messages: [expect.stringMatching(/2 orders with a curfew requirement/)] },
    ]);
    // Event 2's curfew is Saturday 19:00-07:00 (config/ndelius-people.json).
    const saturday = byOrder('X789012', 2);
    saturday.change.periods = [{ day: 'SATURDAY', start: '20:00', end: '08:00' }];
    const named = await post('/variations', saturday);
    expect(named.status).toBe(201);
    expect(named.body.order).toMatchObject({ eventNumber: 2, type: 'SUSPENDED_SENTENCE_ORDER' });
  });

  it('answers 503 with Retry-After while nDelius is away, starting nothing, and takes the same submission once it is back', async () => {
    const { person } = timesChange();
    await stack.kill('ndelius');
    try {
      const away = await post('/variations', byOrder(person.crn));
      expect(away.status).toBe(503);
      expect(away.headers.get('retry-after')).toBe('5');
      expect(away.body.message).toMatch(/nDelius is not answering/);
    } finally {
      await stack.restart('ndelius');
    }
    expect(await variationsOf(person.crn)).toBe(0);
    expect((await post('/variations', byOrder(person.crn))).status).toBe(201);
  });
});

it('describes both submission bodies in the OpenAPI document, on both routes', async () => {
  const docs = (await call(stack.baseUrl, 'GET', '/docs-json')).body;
  for (const path of ['/variations', '/court-variations']) {
    const { schema } = docs.paths[path].post.requestBody.content['application/json'];
    expect(schema.oneOf).toEqual([
      { $ref: '#/components/schemas/OrderSubmissionDto' },
      { $ref: '#/components/schemas/VariationRequestDto' },
    ]);
    expect(Object.keys(docs.paths[path].post.responses)).toContain('409');
  }
  expect(docs.components.schemas.OrderSubmissionDto.required).toEqual(
    expect.arrayContaining(['order', 'practitioner', 'change', 'consent']),
  );
  expect(docs.components.schemas.OrderReferenceDto.required).toEqual(['crn']);
});

describe('who may see a case', () => {
  it("refuses a user nDelius excludes, with nDelius's message, for the submission, the view and every action", async () => {
    const request = await inNDelius(stack, timesChange(), {
      exclusions: { 'kept.out': 'This case is restricted: contact the case owner.' },
    });
    const id = (await post('/variations', request)).body.id;
    const keptOut = await stack.token('practitioner', { user: 'kept.out' });
    const keptOutSpo = await stack.token('spo', { user: 'kept.out' });
    for (const answer of [
      await post('/variations', byOrder(request.person.crn), keptOut),
      await get(`/variations/${id}`, keptOut),
      await post(`/variations/${id}/triage`, { decision: 'ACCEPT' }, keptOutSpo),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body.message).toBe('This case is restricted: contact the case owner.');
    }
    expect((await get(`/variations/${id}`)).body.status).toBe('AWAITING_TRIAGE');
    // Lists leave the person out for them, and show them to everyone else.
    const listed = async (token: string) =>
      (await get('/variations?pageSize=200', token)).body.items.map((item: { id: string }) => item.id);
    await waitUntil('the record to list it', async () => (await listed(practitioner)).includes(id));
    expect(await listed(keptOut)).not.toContain(id);
    expect((await get(`/variations?crn=${request.person.crn}`, keptOut)).status).toBe(403);
  });

  it('audits every nDelius read, under the keyed hash of the CRN and never the CRN (R17)', async () => {
    const { person } = timesChange();
    await post('/variations', byOrder(person.crn));
    const audit = readFileSync(stack.auditLog, 'utf8');
    expect(audit).toContain('"why":"nDelius case read"');
    expect(audit).toContain('"why":"nDelius access check"');
    expect(audit).not.toContain(person.crn);
  });
});

describe('one variation at a time per order (R18)', () => {
  it('gives exactly one 201 to twenty submissions for one order sent at once to two apis; the rest are told which is open', async () => {
    const { person } = timesChange();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          i % 3 === 0 ? '/court-variations' : '/variations',
          byOrder(person.crn),
          practitioner,
          stack.baseUrls[i % 2],
        ),
      ),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(created).toHaveLength(1);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(
      new Set(refused.map((answer) => `${answer.status} ${answer.body.error} ${answer.body.variationId}`)),
    ).toEqual(new Set([`409 VARIATION_IN_PROGRESS ${created[0].body.id}`]));
    expect(await variationsOf(person.crn)).toBe(1);

    // A withdrawn variation frees the order.
    const withdrawn = await post(`/variations/${created[0].body.id}/withdrawal`, { reason: 'Moved on' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    await waitUntil(
      'the order to be free',
      async () => (await post('/variations', byOrder(person.crn))).status === 201,
    );
  });

  it('frees an order from a claim whose workflow never started (the api died between the two), but not from a fresh one', async () => {
    const { person } = timesChange();
    const { PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID, CRN_LOOKUP_SECRET } = stack.temporal.secrets;
    const db = recordDatabase(stack.databaseUrl);
    try {
      const records = new VariationRecords(
        db,
        parseEncryptionKeys(PAYLOAD_ENCRYPTION_KEYS),
        PAYLOAD_ENCRYPTION_KEY_ID,
      );
      const stranded = randomUUID();
      const request = { ...timesChange(), person, order: { ...timesChange().order, eventNumber: 1 } };
      const input = {
        id: stranded,
        request,
        submittedBy: { username: 'alex.smith', name: 'Alex Smith', roles: ['practitioner'] },
        requestHash: 'h',
        hoursPolicy: 'daily-total' as const,
        serviceLevels: {},
      };
      await records.claim({
        view: submittedView(input as never, 'ADMINISTRATIVE', new Date()),
        version: 0,
        crnDigest: 'digest',
        orderDigest: orderDigest(person.crn, 1, CRN_LOOKUP_SECRET),
      });
      // Just claimed: another api may be starting it this moment.
      const fresh = await post('/variations', byOrder(person.crn));
      expect([fresh.status, fresh.body.variationId]).toEqual([409, stranded]);
      // Claimed two minutes ago and never started: the api that claimed it is gone.
      await sql`UPDATE variations SET recorded_at = now() - interval '2 minutes' WHERE id = ${stranded}`.execute(
        db,
      );
      const freed = await post('/variations', byOrder(person.crn));
      expect(freed.status).toBe(201);
      expect(await records.find(stranded)).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });
});

describe("each completed variation is the order's new version", () => {
  it('starts the next from the curfew the last one left, while nDelius still shows the old; no earlier effective date', async () => {
    const first = timesChange();
    first.curfew.electronicallyMonitored = false;
    await inNDelius(stack, first);
    const id = (await post('/variations', first)).body.id;
    await complete(id);

    // nDelius still shows Monday 19:00-07:00; the order's curfew is now the varied 23:00-11:00.
    const stale = structuredClone(first);
    stale.change.effectiveFrom = daysFromToday(14);
    const mismatch = await post('/variations', stale);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.fields).toEqual([{ field: 'curfew.periods', recorded: first.change.periods }]);

    const next = byOrder(first.person.crn);
    next.change.periods = [
      { day: 'MONDAY', start: '22:00', end: '10:00' },
      { day: 'TUESDAY', start: '19:00', end: '07:00' },
    ];
    next.change.effectiveFrom = daysFromToday(3);
    const tooEarly = await post('/variations', next);
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body).toMatchObject({ error: 'NOT_ELIGIBLE', rules: ['R18'] });

    next.change.effectiveFrom = daysFromToday(14);
    const second = await post('/variations', next);
    expect(second.status).toBe(201);
    expect(second.body.curfew.periods).toEqual(first.change.periods);
    // The audit says which order was varied from which version, and names nobody.
    const audit = readFileSync(stack.auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(
      audit.find((event) => event.variationId === second.body.id && event.what === 'ACTION').why,
    ).toMatch(new RegExp(`varies order [0-9a-f]{16} from the curfew variation ${id} left: its hours$`));
  });

  it('answers RECORD_CONFLICT when nDelius shows neither the curfew before nor after the last variation, until they agree', async () => {
    const first = timesChange();
    first.curfew.electronicallyMonitored = false;
    first.change.periods = [
      { day: 'MONDAY', start: '20:00', end: '08:00' },
      { day: 'TUESDAY', start: '19:00', end: '07:00' },
    ];
    await inNDelius(stack, first);
    await complete((await post('/variations', first)).body.id);

    // A court amended the order meanwhile: Friday nights only.
    const amended = structuredClone(first);
    amended.curfew.periods = [{ day: 'FRIDAY', start: '20:00', end: '06:00' }];
    await inNDelius(stack, amended);
    const next = byOrder(first.person.crn);
    next.change.effectiveFrom = daysFromToday(14);
    const conflict = await post('/variations', next);
    expect(conflict.status).toBe(422);
    expect(conflict.body.error).toBe('RECORD_CONFLICT');
    expect(conflict.body.messages.join(' ')).toMatch(/nDelius: FRIDAY 20:00-06:00.*left: MONDAY 20:00-08:00/);

    // nDelius brought up to date with the variation: they agree again.
    await inNDelius(stack, { ...first, curfew: { ...first.curfew, periods: first.change.periods! } });
    expect((await post('/variations', next)).status).toBe(201);
  });
});
