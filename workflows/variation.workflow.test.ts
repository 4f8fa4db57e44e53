// Every path of the administrative route, on a real Temporal server with the activities faked.
import type { WorkflowHandle } from '@temporalio/client';
import type { AddressChecks, Consent } from '../libs/domain/src/types';
import type { VariationView } from '../libs/domain/src/variation';
import { addressChange, completeAddressChecks, daysFromToday, timesChange } from '../test/support/requests';
import {
  act,
  eventually,
  type Harness,
  idOf,
  pduHead,
  practitioner,
  spo,
  refusal,
  NO_MAILBOX_COURT,
  REFUSED_BY_NDELIUS,
  startHarness,
  sweptUntil,
  waitFor,
  ActionRefused,
} from '../test/support/workflow-harness';
import {
  amendmentAction,
  approvalAction,
  checksAction,
  emsEventSignal,
  popInformedAction,
  serviceLevelDueSignal,
  triageAction,
  viewQuery,
  withdrawalAction,
} from './messages';
import { DueBy, ServiceLevelDueAt, VariationStatus } from './search-attributes';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
}, 120_000);
afterAll(() => harness?.stop());

const checks = () => completeAddressChecks() as AddressChecks;
const unmonitored = () => {
  const request = timesChange();
  request.curfew.electronicallyMonitored = false;
  return request;
};

const accept = (h: WorkflowHandle) => act(h, triageAction, { decision: 'ACCEPT', by: spo });
const approve = (h: WorkflowHandle) => act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
const confirm = (h: WorkflowHandle) =>
  h.signal(emsEventSignal, {
    type: 'variation.confirmed',
    reference: `EMS-${idOf(h).slice(0, 8)}`,
    occurredAt: new Date().toISOString(),
  });
const tellPop = (h: WorkflowHandle) =>
  act(h, popInformedAction, { informedAt: new Date().toISOString(), method: 'IN_PERSON', by: practitioner });
const events = (view: VariationView) => view.timeline.map((e) => e.event);

describe('the administrative route, start to finish', () => {
  it('times only, monitored: triage, approval, notices to court, police and EMS, confirmation, PoP told, nDelius', async () => {
    const h = await harness.start();
    expect((await accept(h)).status).toBe('AWAITING_APPROVAL');
    expect((await approve(h)).status).toBe('AWAITING_EMS_CONFIRMATION');
    await eventually(h, (v) => v.notices.length === 3);
    await confirm(h);
    const ready = await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
    expect(ready.ems).toMatchObject({ reference: `EMS-${idOf(h).slice(0, 8)}`, visit: null });
    await tellPop(h);
    const done = (await h.result()) as VariationView;
    expect(done.status).toBe('COMPLETED');

    const calls = harness.callsFor(idOf(h));
    expect(calls.notices.map((n) => n.recipient).sort()).toEqual(['COURT', 'EMS', 'POLICE']);
    expect(calls.contacts).toHaveLength(1);
    // Messages go out in the background, so their order is not fixed.
    expect(calls.messages.map((m) => `${m.about}:${m.to}`).sort()).toEqual([
      'DECISION_NEEDED:PDU_HEAD',
      'DECISION_NEEDED:SPO',
      'EMS_CONFIRMED:PRACTITIONER',
      'READY_TO_TELL_POP:PRACTITIONER',
    ]);
    expect(events(done)).toEqual([
      'SUBMITTED',
      'TRIAGE_ACCEPT',
      'APPROVAL_APPROVE',
      'NOTICE_SENT',
      'NOTICE_SENT',
      'NOTICE_SENT',
      'EMS_CONFIRMED',
      'POP_INFORMED',
      'CONTACT_RECORDED',
      'COMPLETED',
    ]);
  });

  it('keeps the record: the variation is published as it changes, and ends only once an activity has put its last view on record', async () => {
    const h = await harness.start();
    const recorded = () => harness.callsFor(idOf(h)).records.get(idOf(h));
    await eventually(h, () => recorded()?.status === 'AWAITING_TRIAGE');
    const submitted = recorded()!.version;
    await accept(h);
    await eventually(h, () => recorded()?.status === 'AWAITING_APPROVAL');
    const triaged = recorded()!.version;
    await act(h, approvalAction, { decision: 'REJECT', reason: 'Not safe', by: pduHead });
    const done = (await h.result()) as VariationView;
    // By the time the workflow has ended, the record has its final state, in a later version, and
    // durably: from the activity, not only the sink a stopping worker could lose.
    expect(recorded()).toMatchObject({ status: done.status, by: 'activity' });
    expect(recorded()!.version).toBeGreaterThan(triaged);
    expect(triaged).toBeGreaterThan(submitted);
  });

  it('a new address: checks, triage, approval, confirmation and a visit before the PoP is told (R9, R15)', async () => {
    const h = await harness.start({ request: addressChange() });
    expect((await h.query(viewQuery)).status).toBe('AWAITING_CHECKS');
    expect((await act(h, checksAction, { checks: checks(), by: practitioner })).status).toBe(
      'AWAITING_TRIAGE',
    );
    await accept(h);
    await approve(h);
    await confirm(h);
    await eventually(h, (v) => v.status === 'AWAITING_EMS_VISIT');
    expect(await refusal(tellPop(h))).toBe('INVALID_STATE');
    // The provider's clock runs an hour fast: the variation goes by when the report reached it.
    const fast = new Date(Date.now() + 60 * 60_000).toISOString();
    await h.signal(emsEventSignal, { type: 'visit.completed', outcome: 'INSTALLED', occurredAt: fast });
    const installed = await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
    const reached = installed.timeline.find((e) => e.event === 'EMS_VISIT_COMPLETED')!.at;
    // Told at a time before the installation would be told too early (R15), a few minutes' skew apart.
    const before = (ms: number) => new Date(Date.parse(reached) - ms).toISOString();
    const toldAt = (informedAt: string) =>
      act(h, popInformedAction, { informedAt, method: 'IN_PERSON', by: practitioner });
    expect(await refusal(toldAt(before(60 * 60_000)))).toBe('RULES_BROKEN');
    await toldAt(before(60_000));
    expect(((await h.result()) as VariationView).status).toBe('COMPLETED');

    // R17, minimum data: the notices are given what a notice says, not the address checks (with their
    // notes on domestic abuse), the consent or the timeline.
    const { notices } = harness.callsFor(idOf(h));
    expect(notices.map((n) => n.given)).toEqual(
      Array(3).fill([
        'change',
        'court',
        'curfew',
        'decisions',
        'id',
        'order',
        'person',
        'practitioner',
        'route',
      ]),
    );
  });

  it('an unmonitored curfew skips the EMS steps: notices to court and police only (R14, R15)', async () => {
    const h = await harness.start({ request: unmonitored() });
    await accept(h);
    expect((await approve(h)).status).toBe('AWAITING_POP_INFORMED');
    await eventually(h, (v) => v.notices.length === 2);
    await tellPop(h);
    const done = (await h.result()) as VariationView;
    expect(done.status).toBe('COMPLETED');
    expect(done.ems).toBeNull();
    expect(
      harness
        .callsFor(idOf(h))
        .notices.map((n) => n.recipient)
        .sort(),
    ).toEqual(['COURT', 'POLICE']);
  });

  it('completes when nDelius refuses the contact, asking the practitioner to record it by hand', async () => {
    const request = unmonitored();
    request.person.crn = REFUSED_BY_NDELIUS;
    const h = await harness.start({ request });
    await accept(h);
    await approve(h);
    await eventually(h, (v) => v.notices.length === 2);
    await tellPop(h);
    const done = (await h.result()) as VariationView;
    expect(done.status).toBe('COMPLETED');
    expect(done.timeline.find((e) => e.event === 'CONTACT_NOT_RECORDED')?.note).toContain('422');
    expect(harness.callsFor(idOf(h)).messages).toContainEqual(
      expect.objectContaining({ about: 'CONTACT_NOT_RECORDED', to: 'PRACTITIONER' }),
    );
  });
});

describe('R6 at approval', () => {
  it('refuses approval once the effective date has passed, citing R6', async () => {
    const request = timesChange();
    request.change.effectiveFrom = daysFromToday(-1);
    const h = await harness.start({ request });
    await accept(h);
    expect(await refusal(approve(h))).toBe('RULES_BROKEN');
    expect((await h.query(viewQuery)).status).toBe('AWAITING_APPROVAL');
  });
});

describe('R9: the householder consents before approval', () => {
  it('refuses approval while the householder has not consented; a new consent after a return lets it through', async () => {
    const refused = { ...checks(), householder: { ...checks().householder!, consented: false } };
    const h = await harness.start({ request: { ...addressChange(), addressChecks: refused } });
    // Triage is unchanged: the SPO may accept.
    expect((await accept(h)).status).toBe('AWAITING_APPROVAL');
    expect(await refusal(approve(h))).toBe('RULES_BROKEN');
    expect((await h.query(viewQuery)).status).toBe('AWAITING_APPROVAL');

    await act(h, approvalAction, { decision: 'RETURN', reason: 'The householder refused', by: pduHead });
    await act(h, checksAction, { checks: { householder: checks().householder }, by: practitioner });
    const amended = await act(h, amendmentAction, {
      change: addressChange().change,
      note: 'The householder now consents',
      by: practitioner,
    });
    expect(amended.status).toBe('AWAITING_TRIAGE');
    await accept(h);
    expect((await approve(h)).status).toBe('AWAITING_EMS_CONFIRMATION');
  });
});

describe('a recipient with no mailbox (R14)', () => {
  it('stops the notice step and tells the practitioner, then sends it once the mailbox is known', async () => {
    const request = unmonitored();
    request.order.sentencingCourt.code = NO_MAILBOX_COURT;
    const h = await harness.start({ request, noticeRetryMs: 300 });
    await accept(h);
    await approve(h);
    const stopped = await eventually(h, (v) => v.timeline.some((e) => e.event === 'NOTICE_FAILED'));
    expect(stopped.timeline.find((e) => e.event === 'NOTICE_FAILED')?.note).toContain(
      `COURT: no court mailbox for court code ${NO_MAILBOX_COURT}`,
    );
    expect(stopped.notices.map((n) => n.recipient)).toEqual(['POLICE']);
    await waitFor('the practitioner to be told', () =>
      harness.callsFor(idOf(h)).messages.some((m) => m.about === 'NOTICE_FAILED'),
    );
    expect(await refusal(tellPop(h))).toBe('INVALID_STATE');

    harness.calls.mailboxFixed = true;
    const sent = await eventually(h, (v) => v.notices.length === 2);
    expect(sent.notices.map((n) => n.recipient).sort()).toEqual(['COURT', 'POLICE']);
    await tellPop(h);
    expect(((await h.result()) as VariationView).status).toBe('COMPLETED');
    harness.calls.mailboxFixed = false;
  });
});

describe('returns and amendments', () => {
  it.each(['TRIAGE', 'APPROVAL'])(
    'a return at %s goes to RETURNED, then the amendment goes to triage again',
    async (step) => {
      const h = await harness.start();
      if (step === 'APPROVAL') await accept(h);
      const returned =
        step === 'TRIAGE'
          ? await act(h, triageAction, { decision: 'RETURN', reason: 'Say which shifts', by: spo })
          : await act(h, approvalAction, { decision: 'RETURN', reason: 'Say which shifts', by: pduHead });
      expect(returned.status).toBe('RETURNED');
      await waitFor('the practitioner to be told', () =>
        harness
          .callsFor(idOf(h))
          .messages.some((m) => m.about === 'RETURNED' && m.reason === 'Say which shifts'),
      );

      const change = { ...timesChange().change, circumstances: 'Night shifts on Mondays, 23:00 to 07:00' };
      const amended = await act(h, amendmentAction, { change, note: 'Shifts named', by: practitioner });
      expect(amended.status).toBe('AWAITING_TRIAGE');
      expect(amended.change.circumstances).toBe('Night shifts on Mondays, 23:00 to 07:00');
      expect(events(amended)).toContain('AMENDED');
      expect((await accept(h)).status).toBe('AWAITING_APPROVAL');
    },
  );

  it('refuses an amendment that breaks the rules, citing them (R7)', async () => {
    const h = await harness.start();
    await act(h, triageAction, { decision: 'RETURN', reason: 'Check hours', by: spo });
    const change = {
      ...timesChange().change,
      periods: [{ day: 'MONDAY' as const, start: '19:00', end: '05:00' }],
    };
    expect(await refusal(act(h, amendmentAction, { change, by: practitioner }))).toBe('RULES_BROKEN');
    expect((await h.query(viewQuery)).status).toBe('RETURNED');
  });

  it("an amendment that changes the address, times or date needs the person's consent to it (R5)", async () => {
    const h = await harness.start();
    await act(h, triageAction, { decision: 'RETURN', reason: 'Start later', by: spo });
    const change = { ...timesChange().change, effectiveFrom: daysFromToday(14) };
    const rulesBroken = async (consent?: Consent) => {
      const error = await act(h, amendmentAction, { change, consent, by: practitioner }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ActionRefused);
      return (error as ActionRefused).details?.[0];
    };
    expect(await rulesBroken()).toMatchObject({
      rules: ['R5'],
      messages: [expect.stringMatching(/consent/)],
    });
    const consent: Consent = { given: true, method: 'PHONE', recordedAt: daysFromToday(0) };
    // Consent dated in the future is no consent yet (R5).
    expect(await rulesBroken({ ...consent, recordedAt: daysFromToday(2) })).toMatchObject({ rules: ['R5'] });
    expect((await h.query(viewQuery)).status).toBe('RETURNED');

    const amended = await act(h, amendmentAction, { change, consent, by: practitioner });
    expect(amended.status).toBe('AWAITING_TRIAGE');
    expect(amended.change.effectiveFrom).toBe(daysFromToday(14));
    expect(amended.consent).toEqual(consent);
  });

  it('an amended new address needs its own checks (R9)', async () => {
    const h = await harness.start({ request: { ...addressChange(), addressChecks: checks() } });
    await act(h, triageAction, { decision: 'RETURN', reason: 'Wrong house', by: spo });
    const change = {
      ...addressChange().change,
      address: { line1: '9 Other Street', town: 'Leeds', postcode: 'LS3 3CC' },
    };
    const consent: Consent = { given: true, method: 'IN_PERSON', recordedAt: daysFromToday(0) };
    const amended = await act(h, amendmentAction, { change, consent, by: practitioner });
    expect(amended.status).toBe('AWAITING_CHECKS');
    expect(amended.addressChecks).toEqual({});
  });

  it('an amendment is refused outside RETURNED', async () => {
    const h = await harness.start();
    expect(await refusal(act(h, amendmentAction, { change: timesChange().change, by: practitioner }))).toBe(
      'INVALID_STATE',
    );
  });
});

describe('refusal (R13)', () => {
  it.each(['TRIAGE', 'APPROVAL'])(
    'a rejection at %s keeps its reason and says the PoP may apply to the court',
    async (step) => {
      const h = await harness.start();
      if (step === 'APPROVAL') await accept(h);
      const by = step === 'TRIAGE' ? spo : pduHead;
      const args = [{ decision: 'REJECT' as const, reason: 'Not suitable', by }] as const;
      const view =
        step === 'TRIAGE' ? await act(h, triageAction, ...args) : await act(h, approvalAction, ...args);
      expect(view.status).toBe('REJECTED');
      expect(view.refusal).toMatchObject({ reason: 'Not suitable', by: by.username });
      expect(view.refusal?.nextSteps).toMatch(/may apply to the court/);
      await h.result();
      // The workflow ends only once the practitioner has been told.
      expect(harness.callsFor(idOf(h)).messages).toContainEqual(
        expect.objectContaining({ about: 'REJECTED', to: 'PRACTITIONER', reason: 'Not suitable' }),
      );
    },
  );

  it('names Schedule 16 for a suspended sentence order', async () => {
    const request = timesChange();
    request.order.type = 'SUSPENDED_SENTENCE_ORDER';
    const h = await harness.start({ request });
    const view = await act(h, triageAction, { decision: 'REJECT', reason: 'No', by: spo });
    expect(view.refusal?.nextSteps).toContain('Schedule 16');
  });
});

describe('who may decide, and when', () => {
  it('refuses a decision by the wrong role before it reaches history', async () => {
    const h = await harness.start();
    expect(await refusal(act(h, triageAction, { decision: 'ACCEPT', by: pduHead }))).toBe('FORBIDDEN');
    const { events: history } = await h.fetchHistory();
    expect(history?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
  });

  it('refuses a second decision on the same step, a decision out of turn, and a return without a reason', async () => {
    const h = await harness.start();
    expect(await refusal(approve(h))).toBe('INVALID_STATE');
    expect(await refusal(act(h, triageAction, { decision: 'RETURN', reason: ' ', by: spo }))).toBe(
      'REASON_REQUIRED',
    );
    await accept(h);
    expect(await refusal(accept(h))).toBe('INVALID_STATE');
    expect((await h.query(viewQuery)).decisions).toHaveLength(1);
  });

  it('shows concerns from the checks to the SPO rather than passing them silently (R9)', async () => {
    const h = await harness.start({ request: addressChange() });
    const withConcerns = checks();
    withConcerns.domesticAbuse!.outcome = 'CONCERNS';
    const view = await act(h, checksAction, { checks: withConcerns, by: practitioner });
    expect(view.status).toBe('AWAITING_TRIAGE');
    expect(view.timeline.at(-1)).toMatchObject({
      event: 'CHECKS_RECORDED',
      note: 'For the SPO: domestic abuse concerns',
    });
  });

  it('holds a new address until all three checks are in', async () => {
    const h = await harness.start({ request: addressChange() });
    const { safeguarding, domesticAbuse, householder } = checks();
    await act(h, checksAction, { checks: { safeguarding, domesticAbuse }, by: practitioner });
    expect((await h.query(viewQuery)).status).toBe('AWAITING_CHECKS');
    expect((await act(h, checksAction, { checks: { householder }, by: practitioner })).status).toBe(
      'AWAITING_TRIAGE',
    );
  });
});

describe('withdrawal', () => {
  it.each([
    ['AWAITING_CHECKS', async () => harness.start({ request: addressChange() })],
    ['AWAITING_TRIAGE', async () => harness.start()],
    [
      'AWAITING_APPROVAL',
      async () => {
        const h = await harness.start();
        await accept(h);
        return h;
      },
    ],
    [
      'RETURNED',
      async () => {
        const h = await harness.start();
        await act(h, triageAction, { decision: 'RETURN', reason: 'More detail', by: spo });
        return h;
      },
    ],
  ])('is allowed in %s, and sends no notices there', async (status, setUp) => {
    const h = await setUp();
    expect((await h.query(viewQuery)).status).toBe(status);
    const view = await act(h, withdrawalAction, { reason: 'PoP moved away', by: practitioner });
    expect(view.status).toBe('WITHDRAWN');
    expect(((await h.result()) as VariationView).timeline.at(-1)).toMatchObject({
      event: 'WITHDRAWN',
      note: 'PoP moved away',
    });
    expect(harness.callsFor(idOf(h)).notices).toEqual([]);
  });

  it('is refused after approval while the EMS provider is confirming', async () => {
    const h = await harness.start();
    await accept(h);
    await approve(h);
    expect(await refusal(act(h, withdrawalAction, { reason: 'Too late', by: practitioner }))).toBe(
      'INVALID_STATE',
    );
  });
});

describe('the PoP is told only when everyone has the notice (R14, R15)', () => {
  it('refuses "PoP informed" before approval', async () => {
    const h = await harness.start();
    expect(await refusal(tellPop(h))).toBe('INVALID_STATE');
  });
});

describe('service levels (R16)', () => {
  it('reminds the SPO when triage is due and escalates to the PDU Head when overdue, once each', async () => {
    const h = await harness.start({
      serviceLevels: { AWAITING_TRIAGE: { due: { milliseconds: 300 }, escalate: { milliseconds: 600 } } },
    });
    const started = await h.query(viewQuery);
    expect(started.dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Sweeps keep coming, many more than two: the reminder and the escalation happen once each.
    const escalated = await sweptUntil(h, (v) => events(v).includes('ESCALATED'));
    expect(escalated.timeline.filter((e) => ['REMINDER_SENT', 'ESCALATED'].includes(e.event))).toEqual([
      expect.objectContaining({ event: 'REMINDER_SENT', note: 'SPO' }),
      expect.objectContaining({ event: 'ESCALATED', note: 'PDU_HEAD' }),
    ]);
    for (let i = 0; i < 3; i += 1) await h.signal(serviceLevelDueSignal);
    await accept(h);
    const messages = harness.callsFor(idOf(h)).messages.map((m) => `${m.about}:${m.to}`);
    expect(messages.filter((m) => /^(REMINDER|ESCALATION):/.test(m))).toEqual([
      'REMINDER:SPO',
      'ESCALATION:PDU_HEAD',
    ]);
    // Deciding ends the chasing; the next step has its own service level (none configured here).
    expect((await h.query(viewQuery)).dueBy).toBeNull();
    // No timer: on time or late, a service level costs no timer events.
    const { events: history } = await h.fetchHistory();
    expect(history!.filter((e) => String(e.eventType).includes('TIMER'))).toEqual([]);
  });

  it('chases no one once the step is done, though the variation stays in its status a while', async () => {
    const request = timesChange();
    request.order.sentencingCourt.code = NO_MAILBOX_COURT;
    const h = await harness.start({
      request,
      noticeRetryMs: 60_000,
      serviceLevels: {
        AWAITING_EMS_CONFIRMATION: { due: { milliseconds: 1 }, escalate: { milliseconds: 2 } },
      },
    });
    await accept(h);
    await approve(h);
    await eventually(h, (v) => events(v).includes('NOTICE_FAILED'));
    // The provider confirms while the court's notice waits for its mailbox: the step is done, but the
    // variation stays AWAITING_EMS_CONFIRMATION until every notice is sent (R14).
    await confirm(h);
    const confirmed = await eventually(h, (v) => events(v).includes('EMS_CONFIRMED'));
    expect(confirmed).toMatchObject({ status: 'AWAITING_EMS_CONFIRMATION', dueBy: null });
    // Sweeps that still find it (long past its due time) take it off their list and send nothing.
    for (let i = 0; i < 3; i += 1) await h.signal(serviceLevelDueSignal);
    await waitFor("the variation to leave the sweep's list", async () => {
      const { typedSearchAttributes } = await h.describe();
      return typedSearchAttributes.get(ServiceLevelDueAt) === undefined;
    });
    expect(events(await h.query(viewQuery))).not.toContain('REMINDER_SENT');
    expect(harness.callsFor(idOf(h)).messages.map((m) => m.about)).not.toContain('REMINDER');
  });

  it('starts where the api put it, so its first wait writes no search attributes (issue 8)', async () => {
    const levels = { AWAITING_CHECKS: { due: { workingDays: 5 }, escalate: { workingDays: 10 } } };
    const h = await harness.start({ request: addressChange(), serviceLevels: levels });
    expect((await h.query(viewQuery)).status).toBe('AWAITING_CHECKS');
    const upserts = async () =>
      (await h.fetchHistory()).events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length;
    expect(await upserts()).toBe(0);
    const { typedSearchAttributes } = await h.describe();
    expect(typedSearchAttributes.get(VariationStatus)).toBe('AWAITING_CHECKS');
    expect(typedSearchAttributes.get(DueBy)).toEqual(typedSearchAttributes.get(ServiceLevelDueAt));
    // The next wait writes them, as before.
    await act(h, checksAction, { checks: checks(), by: practitioner });
    expect(await upserts()).toBe(1);
  });

  it('puts its search attributes right when it was started with others', async () => {
    // As an api from before this change started it: AWAITING_TRIAGE, though a new address waits for checks.
    const h = await harness.start({
      request: addressChange(),
      startedAs: [{ key: VariationStatus, value: 'AWAITING_TRIAGE' }],
    });
    expect((await h.query(viewQuery)).status).toBe('AWAITING_CHECKS');
    expect((await h.describe()).typedSearchAttributes.get(VariationStatus)).toBe('AWAITING_CHECKS');
  });

  it('sends nothing when the step is done in time', async () => {
    const h = await harness.start({
      serviceLevels: {
        AWAITING_TRIAGE: { due: { milliseconds: 60_000 }, escalate: { milliseconds: 120_000 } },
      },
    });
    // A sweep before the step is due changes nothing.
    await h.signal(serviceLevelDueSignal);
    await accept(h);
    expect(events(await h.query(viewQuery))).not.toContain('REMINDER_SENT');
  });

  it('works in working days: due on the working day the level lands on', async () => {
    const h = await harness.start({
      serviceLevels: { AWAITING_TRIAGE: { due: { workingDays: 2 }, escalate: { workingDays: 3 } } },
    });
    const { dueBy } = await h.query(viewQuery);
    expect(dueBy! > daysFromToday(1)).toBe(true);
    expect(new Date(`${dueBy}T12:00:00Z`).getUTCDay()).not.toBe(0);
    expect(new Date(`${dueBy}T12:00:00Z`).getUTCDay()).not.toBe(6);
  });
});
