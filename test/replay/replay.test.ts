// Every recorded history (test/histories) must still replay on today's workflow code. A change that
// breaks one needs patched() (architecture.md), or it would break variations already running.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { workflowBundle } from '../support/workflow-worker';
import { recordingSecrets } from './recording-secrets';

const folder = join(__dirname, '..', 'histories');
const recorded = readdirSync(folder).filter((file) => file.endsWith('.json'));

it('has recordings of every path', () => {
  expect(recorded.sort()).toEqual([
    'court-granted.json',
    'happy-address-change.json',
    'rejected.json',
    'returned-then-approved.json',
    'visit-failed-then-rebooked.json',
    'withdrawn-after-escalation.json',
  ]);
});

it.each(recorded)('replays %s on the current code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(folder, file), 'utf8')));
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(), dataConverter: dataConverter(recordingSecrets) },
    history,
    file,
  );
});
