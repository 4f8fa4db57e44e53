// `npm run record-histories`: runs each path of both workflows and saves its history to
// test/histories/, where replay.test.ts replays it on every test run. Record again only on purpose:
// the point of the recordings is that today's code must still replay yesterday's histories.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { AddressChecks } from '../../libs/domain/src/types';
import {
  amendmentAction,
  approvalAction,
  checksAction,
  courtApplicationAction,
  courtDecisionAction,
  popInformedAction,
  rebookVisitAction,
  triageAction,
  withdrawalAction,
} from '../../workflows/messages';
import { addressChange, completeAddressChecks, daysFromToday, timesChange } from '../support/requests';
import {
  act,
  emsEvent,
  emsReferenceOf,
  eventually,
  sweptUntil,
  type Harness,
  pduHead,
  practitioner,
  spo,
  startHarness,
} from '../support/workflow-harness';
import { recordingSecrets } from './recording-secrets';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ secrets: recordingSecrets });
}, 120_000);
afterAll(() => harness?.stop());

const accept = (h: WorkflowHandle) => act(h, triageAction, { decision: 'ACCEPT', by: spo });
const approve = (h: WorkflowHandle) => act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
const tellPop = (h: WorkflowHandle) =>
  act(h, popInformedAction, { informedAt: new Date().toISOString(), method: 'IN_PERSON', by: practitioner });

async function save(name: string, h: WorkflowHandle): Promise<void> {
  await h.result();
  writeFileSync(
    join(__dirname, '..', 'histories', `${name}.json`),
    `${historyToJSON(await h.fetchHistory())}\n`,
  );
}

it('happy path with an address change', async () => {
  const h = await harness.start({ request: addressChange() });
  await act(h, checksAction, { checks: completeAddressChecks() as AddressChecks, by: practitioner });
  await accept(h);
  await approve(h);
  await emsEvent(h, { type: 'variation.confirmed', reference: await emsReferenceOf(h) });
  await emsEvent(h, { type: 'visit.completed', outcome: 'INSTALLED' });
  await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  await tellPop(h);
  await save('happy-address-change', h);
});

it('returned for amendment, then approved, unmonitored', async () => {
  const request = timesChange();
  request.curfew.electronicallyMonitored = false;
  const h = await harness.start({ request });
  await act(h, triageAction, { decision: 'RETURN', reason: 'Name the shifts', by: spo });
  await act(h, amendmentAction, {
    change: { ...request.change, circumstances: 'Night shifts, Mondays' },
    note: 'Shifts named',
    by: practitioner,
  });
  await accept(h);
  await approve(h);
  await eventually(h, (v) => v.notices.length === 2);
  await tellPop(h);
  await save('returned-then-approved', h);
});

it('rejected by the PDU Head', async () => {
  const h = await harness.start();
  await accept(h);
  await act(h, approvalAction, { decision: 'REJECT', reason: 'Conflicts with a programme', by: pduHead });
  await save('rejected', h);
});

it('withdrawn while waiting for triage, after a reminder and an escalation', async () => {
  const h = await harness.start({
    serviceLevels: { AWAITING_TRIAGE: { due: { milliseconds: 200 }, escalate: { milliseconds: 400 } } },
  });
  await sweptUntil(h, (v) => v.timeline.some((e) => e.event === 'ESCALATED'));
  await act(h, withdrawalAction, { reason: 'PoP moved away', by: practitioner });
  await save('withdrawn-after-escalation', h);
});

it('visit failed, rebooked, installed', async () => {
  const h = await harness.start({
    request: { ...addressChange(), addressChecks: completeAddressChecks() as AddressChecks },
  });
  await accept(h);
  await approve(h);
  await emsEvent(h, { type: 'visit.completed', outcome: 'NO_ACCESS' });
  await emsEvent(h, { type: 'variation.confirmed', reference: await emsReferenceOf(h) });
  await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
  await act(h, rebookVisitAction, { by: practitioner });
  await emsEvent(h, { type: 'visit.completed', outcome: 'INSTALLED' });
  await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  await tellPop(h);
  await save('visit-failed-then-rebooked', h);
});

it('court route, granted', async () => {
  const request = timesChange();
  request.change.periods = [{ day: 'MONDAY', start: '20:00', end: '06:00' }, request.change.periods![1]];
  const h = await harness.start({ request, court: true });
  await act(h, courtApplicationAction, { lodgedAt: daysFromToday(0), by: practitioner });
  await act(h, courtDecisionAction, {
    decision: 'GRANTED',
    decidedAt: daysFromToday(0),
    change: request.change,
    by: practitioner,
  });
  await emsEvent(h, { type: 'variation.confirmed', reference: await emsReferenceOf(h) });
  await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  await tellPop(h);
  await save('court-granted', h);
});
