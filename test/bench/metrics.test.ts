// The bench's arithmetic: the steady window of a batch, and two batches' windows as one.
import { combinedThroughput, steadyThroughput } from '../../bench/metrics';

it('leaves out the loop filling up and draining, and counts two batches as one', () => {
  // 100 completions, one every 100 ms from t = 1 s, at concurrency 20.
  const completions = Array.from({ length: 100 }, (_, i) => 1_000 + i * 100);
  const before = steadyThroughput(0, completions, 20);
  expect(before).toEqual({
    perSecond: 10,
    completions: 59,
    seconds: 5.9,
    window: 'completions 21-80 of 100',
  });
  // The second batch twice as fast: 20 a second.
  const after = steadyThroughput(
    0,
    completions.map((t) => t / 2),
    20,
  );
  expect(after.perSecond).toBe(20);

  expect(combinedThroughput(before, after)).toEqual({
    perSecond: 13.33, // 118 completions over 8.85 s, not the mean of 10 and 20
    completions: 118,
    seconds: 8.85,
    window: 'completions 21-80 of 100, then completions 21-80 of 100',
  });
});
