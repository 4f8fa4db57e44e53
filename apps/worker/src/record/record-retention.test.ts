// R17: how far back RECORD_RETENTION reaches.
import { retentionCutoff } from './record-retention';

it('reaches back whole years, or days', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  expect(retentionCutoff('7y', now).toISOString()).toBe('2019-12-03T12:00:00.000Z');
  expect(retentionCutoff('30d', now).toISOString()).toBe('2026-11-03T12:00:00.000Z');
  // 29 February, seven years on, is 1 March: never later than seven years.
  expect(retentionCutoff('7y', new Date('2028-02-29T00:00:00Z')).toISOString()).toBe(
    '2021-03-01T00:00:00.000Z',
  );
});
