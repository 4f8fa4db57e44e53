// The worker's Schedules are set up behind its back: a Temporal that cannot take them yet (the fault
// suite saw "Failed to describe schedule" just after a restart, and the worker died at start) is
// tried again, and a worker stopping gives up at once.
import type { Client } from '@temporalio/client';
import { ScheduleAlreadyRunning } from '@temporalio/client';
import { scheduleJobs } from './schedule-job';

const job = (workflowType: string) => ({ workflowType, taskQueue: 'q', everyMs: 1_000 });
const logger = { warn: jest.fn(), log: jest.fn() };

/** A client whose schedule.create answers from `answers` in turn: an Error is thrown. */
function clientAnswering(answers: (Error | undefined)[]) {
  const created: string[] = [];
  const create = jest.fn(async ({ scheduleId }: { scheduleId: string }) => {
    const answer = answers.shift();
    if (answer) throw answer;
    created.push(scheduleId);
  });
  const update = jest.fn(async () => undefined);
  const client = { schedule: { create, getHandle: () => ({ update }) } } as unknown as Client;
  return { client, created, update };
}

beforeEach(() => jest.clearAllMocks());

it('tries again a job Temporal would not take, and the others are set up meanwhile', async () => {
  const { client, created } = clientAnswering([
    new Error('Failed to describe schedule'),
    undefined,
    undefined,
  ]);
  await scheduleJobs(
    client,
    [job('serviceLevelSweep'), job('recordCatchUp')],
    logger,
    new AbortController().signal,
  );
  expect(created).toEqual(['record-catch-up-q', 'service-level-sweep-q']);
  expect(logger.warn).toHaveBeenCalledWith(
    expect.stringContaining('The serviceLevelSweep Schedule could not be set up yet'),
  );
  expect(logger.log).toHaveBeenCalledWith('Every Schedule is set up');
});

it('brings an existing Schedule to the configuration instead of making a second', async () => {
  const { client, created, update } = clientAnswering([
    new ScheduleAlreadyRunning('exists', 'service-level-sweep-q'),
  ]);
  await scheduleJobs(client, [job('serviceLevelSweep')], logger, new AbortController().signal);
  expect(created).toEqual([]);
  expect(update).toHaveBeenCalledTimes(1);
});

it('stops trying once the worker is stopping', async () => {
  const { client, created } = clientAnswering(Array.from({ length: 100 }, () => new Error('Temporal away')));
  const stopping = new AbortController();
  const trying = scheduleJobs(client, [job('serviceLevelSweep')], logger, stopping.signal);
  stopping.abort();
  await trying;
  expect(created).toEqual([]);
});
