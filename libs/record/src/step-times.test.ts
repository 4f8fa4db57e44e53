// How long each step took, from a timeline: in working days (R16), each time it ran. November 2026
// has no bank holiday.
import type { TimelineEvent } from '../../domain/src/variation';
import { stepTimes } from './step-times';

const timeline = (events: [string, string, string?][]): TimelineEvent[] =>
  events.map(([event, at, note]) => ({ event, at, by: null, ...(note ? { note } : {}) }));

const days = (events: [string, string, string?][], step: string) =>
  stepTimes(timeline(events))
    .filter((time) => time.step === step)
    .map((time) => [time.round, time.workingDays]);

it('times telling the PoP from the last thing it waits for: the EMS confirmation, or an unmonitored grant', () => {
  // Notices on Monday, the provider confirms on Thursday, the PoP is told on Friday: 1 day, not 4.
  const monitored: [string, string, string?][] = [
    ['NOTICE_SENT', '2026-11-02T10:00:00Z', 'COURT'],
    ['EMS_CONFIRMED', '2026-11-05T10:00:00Z'],
    ['POP_INFORMED', '2026-11-06T10:00:00Z', 'PHONE'],
  ];
  expect(days(monitored, 'POP_INFORMED')).toEqual([[1, 1]]);
  // The court granted an unmonitored curfew on Monday, so no notice: told on Wednesday, 2 days.
  const granted: [string, string, string?][] = [
    ['COURT_GRANTED', '2026-11-02T10:00:00Z'],
    ['POP_INFORMED', '2026-11-04T10:00:00Z', 'PHONE'],
  ];
  expect(days(granted, 'POP_INFORMED')).toEqual([[1, 2]]);
});

it('starts a step at its latest start event, and counts a step that ends without starting as nothing', () => {
  const events: [string, string][] = [
    ['TRIAGE_ACCEPT', '2026-11-02T10:00:00Z'],
    ['SUBMITTED', '2026-11-02T10:00:00Z'],
    ['CHECKS_RECORDED', '2026-11-04T10:00:00Z'],
    ['TRIAGE_ACCEPT', '2026-11-05T10:00:00Z'],
  ];
  expect(days(events, 'TRIAGE')).toEqual([[1, 1]]);
});

it('counts each round of a step that ran again, and the UK date decides the day', () => {
  const events: [string, string][] = [
    // 23:30 UTC on Sunday 1 November is still Sunday in the UK (GMT); triaged on Monday: 1 day.
    ['SUBMITTED', '2026-11-01T23:30:00Z'],
    ['TRIAGE_RETURN', '2026-11-02T10:00:00Z'],
    ['AMENDED', '2026-11-03T10:00:00Z'],
    ['TRIAGE_ACCEPT', '2026-11-03T16:00:00Z'],
  ];
  expect(days(events, 'TRIAGE')).toEqual([
    [1, 1],
    [2, 0],
  ]);
});
