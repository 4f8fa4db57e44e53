// Bad input never gives a 500: every malformed body is a 400 naming the field, every body that is
// well formed but not allowed is a 422 naming the rule (api.md, domain.md).
import fc from 'fast-check';
import type { VariationRequest } from '../../libs/domain/src/types';
import { call } from '../support/http';
import { addressChange, daysFromToday, timesChange } from '../support/requests';
import { inNDelius } from '../support/ndelius';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let practitioner: string;

beforeAll(async () => {
  stack = await startStack();
  practitioner = await stack.token('practitioner');
}, 120_000);

afterAll(() => stack?.stop());

const submit = (body: unknown, headers?: Record<string, string>) =>
  call(stack.baseUrl, 'POST', '/variations', { token: practitioner, body, headers });

type Mutation = (request: VariationRequest & Record<string, unknown>) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (value: unknown) => value as any;

describe('400: malformed bodies name every bad field', () => {
  it.each<[string, Mutation, string]>([
    ['an unknown top-level field', (r) => (r.extra = 1), 'extra'],
    ['an unknown nested field', (r) => (loose(r.change).foo = 'bar'), 'change.foo'],
    ['a missing section', (r) => delete loose(r).person, 'person'],
    ['a null section', (r) => (loose(r).order = null), 'order'],
    ['a list for a section (found by the fuzz below)', (r) => (loose(r).person = []), 'person'],
    ['a list for a nested object', (r) => (loose(r.curfew).address = [{ line1: 'x' }]), 'curfew.address'],
    [
      'null for an optional field (leave it out instead)',
      (r) => (loose(r.change).address = null),
      'change.address',
    ],
    ['a number for a string', (r) => (loose(r.person).crn = 123456), 'person.crn'],
    [
      'a string for a boolean',
      (r) => (loose(r.curfew).electronicallyMonitored = 'yes'),
      'curfew.electronicallyMonitored',
    ],
    [
      'an hour that does not exist (25:00)',
      (r) => (r.change.periods![0].start = '25:00'),
      'change.periods[0].start',
    ],
    ['a time without two-digit hours', (r) => (r.change.periods![0].end = '7:00'), 'change.periods[0].end'],
    [
      'a date that does not exist (2023-02-30)',
      (r) => (r.order.convictionDate = '2023-02-30'),
      'order.convictionDate',
    ],
    ['a date in another format', (r) => (r.curfew.startDate = '01/02/2024'), 'curfew.startDate'],
    ['an unknown day', (r) => (loose(r.change.periods![0]).day = 'FUNDAY'), 'change.periods[0].day'],
    ['an empty current schedule', (r) => (r.curfew.periods = []), 'curfew.periods'],
    ['an empty new schedule', (r) => (r.change.periods = []), 'change.periods'],
    ['a schedule that is not a list', (r) => (loose(r.change).periods = 'MONDAY 19:00'), 'change.periods'],
    ['an unknown consent method', (r) => (loose(r.consent).method = 'EMAIL'), 'consent.method'],
    [
      'a consent time that is not a timestamp',
      (r) => (r.consent.recordedAt = 'yesterday'),
      'consent.recordedAt',
    ],
    ['an email that is not one', (r) => (r.practitioner.email = 'not-an-email'), 'practitioner.email'],
    [
      'a postcode that is not one',
      (r) => (r.curfew.address.postcode = 'NOTAPOSTCODE'),
      'curfew.address.postcode',
    ],
    ['an empty description of the change (R3)', (r) => (r.change.circumstances = ''), 'change.circumstances'],
    ['a name far too long', (r) => (r.person.firstName = 'x'.repeat(10_000)), 'person.firstName'],
    ['a CRN in the wrong shape', (r) => (r.person.crn = 'CRN-1'), 'person.crn'],
  ])('%s', async (_, mutate, field) => {
    const body = timesChange() as VariationRequest & Record<string, unknown>;
    mutate(body);
    const answer = await submit(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('INVALID_REQUEST');
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('names every bad field at once, not just the first', async () => {
    const body = timesChange();
    body.change.periods![0].start = '25:00';
    body.order.convictionDate = '2023-02-30';
    body.person.crn = 'nope';
    const answer = await submit(body);
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['change.periods[0].start', 'order.convictionDate', 'person.crn']),
    );
  });

  it.each([
    ['malformed JSON', '{"person": '],
    ['a JSON array', '[]'],
    ['a JSON string', '"hello"'],
    ['an empty body', ''],
  ])('%s', async (_, raw) => {
    const answer = await submit(raw);
    expect(answer.status).toBe(400);
  });

  it('a body that is not JSON at all', async () => {
    const answer = await submit('person=Sam', { 'content-type': 'text/plain' });
    expect(answer.status).toBe(400);
  });
});

describe('400: actions on a variation name the bad field', () => {
  let path: string;
  beforeAll(async () => {
    path = `/variations/${(await submit(timesChange())).body.id}`;
  });
  const act = (action: string, body: unknown) =>
    call(stack.baseUrl, 'POST', `${path}/${action}`, { token: practitioner, body });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();

  it.each<[string, string, unknown, string]>([
    ['a withdrawal reason of spaces', 'withdrawal', { reason: '   ' }, 'reason'],
    ['the PoP told tomorrow', 'pop-informed', { informedAt: tomorrow, method: 'PHONE' }, 'informedAt'],
    ['a court application lodged tomorrow', 'court-application', { lodgedAt: daysFromToday(1) }, 'lodgedAt'],
  ])('%s', async (_, action, body, field) => {
    const answer = await act(action, body);
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it.each<[string, string]>([
    ['a JSON array for an action (the fault suite found it reached the variation)', '[{"reason":"x"}]'],
    [
      'a body nested thousands deep (it overflowed the stack: a 500)',
      `${'['.repeat(4000)}${']'.repeat(4000)}`,
    ],
    ['an object nested thousands deep', `${'{"a":'.repeat(4000)}1${'}'.repeat(4000)}`],
  ])('%s: 400 naming the body', async (_, raw) => {
    const answer = await act('withdrawal', raw);
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual(['body']);
  });

  it('a PoP told a minute ago by a clock running a little fast is not the future', async () => {
    const answer = await act('pop-informed', {
      informedAt: new Date(Date.now() + 60_000).toISOString(),
      method: 'PHONE',
    });
    expect(answer.status).toBe(409);
  });
});

describe('422: well formed but not allowed, citing the rules', () => {
  it.each<[string, () => VariationRequest, string, 'NOT_ELIGIBLE' | 'COURT_ROUTE_REQUIRED']>([
    [
      'overlapping periods (R12)',
      () => {
        const r = timesChange();
        r.change.periods = [
          { day: 'MONDAY', start: '23:00', end: '11:00' },
          { day: 'TUESDAY', start: '10:00', end: '22:00' },
        ];
        return r;
      },
      'R12',
      'NOT_ELIGIBLE',
    ],
    [
      'a daily total over 20 hours (R12)',
      () => {
        const r = timesChange();
        r.curfew.periods = [{ day: 'MONDAY', start: '02:00', end: '23:00' }];
        r.change.periods = [{ day: 'MONDAY', start: '01:00', end: '22:00' }];
        return r;
      },
      'R12',
      'NOT_ELIGIBLE',
    ],
    [
      'a period that starts and ends at the same time (R12)',
      () => {
        const r = timesChange();
        r.change.periods![0] = { day: 'MONDAY', start: '19:00', end: '19:00' };
        return r;
      },
      'R12',
      'NOT_ELIGIBLE',
    ],
    [
      'a youth order (R1)',
      () => ({ ...timesChange(), order: { ...timesChange().order, type: 'YOUTH_REHABILITATION_ORDER' } }),
      'R1',
      'NOT_ELIGIBLE',
    ],
    [
      'a description that is only spaces (R3)',
      () => {
        const r = timesChange();
        r.change.circumstances = '   ';
        return r;
      },
      'R3',
      'NOT_ELIGIBLE',
    ],
    [
      'no change at all (R4)',
      () => {
        const r = timesChange();
        delete r.change.periods;
        return r;
      },
      'R4',
      'NOT_ELIGIBLE',
    ],
    [
      'no consent (R5)',
      () => ({ ...timesChange(), consent: { ...timesChange().consent, given: false } }),
      'R5',
      'NOT_ELIGIBLE',
    ],
    [
      'an effective date in the past (R6)',
      () => {
        const r = timesChange();
        r.change.effectiveFrom = daysFromToday(-1);
        return r;
      },
      'R6',
      'NOT_ELIGIBLE',
    ],
    [
      'a conviction before 28 June 2022 (R2)',
      () => ({ ...timesChange(), order: { ...timesChange().order, convictionDate: '2022-06-27' } }),
      'R2',
      'COURT_ROUTE_REQUIRED',
    ],
    [
      'fewer curfew hours (R7)',
      () => {
        const r = timesChange();
        r.change.periods![0] = { day: 'MONDAY', start: '19:00', end: '05:00' };
        return r;
      },
      'R7',
      'COURT_ROUTE_REQUIRED',
    ],
    [
      'a new address on an order with a residence requirement (R10)',
      () => ({ ...addressChange(), order: { ...addressChange().order, residenceRequirement: true } }),
      'R10',
      'COURT_ROUTE_REQUIRED',
    ],
    [
      'a new address where the curfew has a stipulated boundary (R11)',
      () => ({ ...addressChange(), order: { ...addressChange().order, stipulatedBoundary: true } }),
      'R11',
      'COURT_ROUTE_REQUIRED',
    ],
  ])('%s', async (_, body, rule, error) => {
    // nDelius holds the order as the body states it, so the rule, not RECORD_MISMATCH, answers.
    const answer = await submit(await inNDelius(stack, body()));
    expect(answer.status).toBe(422);
    expect(answer.body.error).toBe(error);
    expect(answer.body.rules).toContain(rule);
    expect(answer.body.messages.join(' ')).toContain(`(${rule})`);
  });
});

describe('no input gives a 5xx', () => {
  // Replace one field anywhere in a valid body with an arbitrary JSON value.
  const paths = (value: unknown, prefix: string[] = []): string[][] =>
    value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])])
      : [];
  const allPaths = paths(addressChange());

  it('survives arbitrary values in any field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allPaths), fc.jsonValue(), async (path, value) => {
        const body = addressChange() as unknown as Record<string, unknown>;
        let node = body;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
        node[path[path.length - 1]] = value;
        const answer = await submit(body);
        // A well-formed code of another PDU is refused as that PDU's variation, not as bad input.
        if (answer.status === 403 && path.join('.') === 'practitioner.pduCode')
          expect(answer.body.message).toMatch(/^This variation belongs to PDU .*; you work in/);
        else expect([201, 400, 422]).toContain(answer.status);
      }),
      { numRuns: 60 },
    );
  });
});
