// Every recorded history (test/histories) must still replay on today's workflow code. A change that
// breaks one needs patched() (architecture.md), or it would break variations already running.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { workflowBundle } from '../support/workflow-worker';
import { recordingSecrets } from './recording-secrets';

// Recordings of today's code. A change that cannot replay one needs patched() from the day the
// service has variations running (docs/operations.md); keep the old recording in a folder beside.
const histories = join(__dirname, '..', 'histories');
const TODAY = [
  'court-granted.json',
  'happy-address-change.json',
  'rejected.json',
  'returned-then-approved.json',
  'visit-failed-then-rebooked.json',
  'withdrawn-after-escalation.json',
];
const folders: Record<string, string[]> = {
  [histories]: TODAY,
  // Before the record (PostgreSQL): they ended without its last write (patched 'record-at-end').
  [join(histories, 'before-record')]: TODAY,
  // Before issue 23's answers (patched 'r9-householder-consent-before-approval' and
  // 'court-grant-stands'): an approval without the householder's consent, and a withdrawal after
  // the court's grant, both taken as they then were: recorded with the workflow harness on the code
  // of commit 6931806, the last before those changes.
  [join(histories, 'before-domain-answers')]: [
    'court-visit-failed-withdrawn.json',
    'householder-refused-approved.json',
  ],
};
const recorded = Object.keys(folders).flatMap((folder) =>
  readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => join(folder, file)),
);

it.each(Object.entries(folders))('has recordings of every path in %s', (folder, paths) => {
  expect(
    readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .sort(),
  ).toEqual(paths);
});

it.each(recorded)('replays %s on the current code', async (path) => {
  const history = historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(), dataConverter: dataConverter(recordingSecrets) },
    history,
    path,
  );
});
