// Waiting for asynchronous progress: poll, never sleep a fixed time.

/** Probes until `ok` holds; fails after the timeout naming what it waited for and what it last saw. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  describe: (value: T) => unknown = (value) => value,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Gave up after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(describe(value))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
