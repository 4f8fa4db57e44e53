import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/** Thrown into every pending wait when the simulator stops. */
export class SimulatorStopped extends Error {
  constructor() {
    super('EMS simulator stopped');
  }
}

/**
 * Every wait of the simulator (event delays, retry backoff) and every outgoing request goes through
 * here, so stopping the app cancels them all: pending timers are cleared and in-flight calls aborted.
 */
@Injectable()
export class Timers implements OnModuleDestroy {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private readonly stopping = new AbortController();

  /** Aborted when the app stops. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.reject(new SimulatorStopped());
    return new Promise((resolve, reject) => {
      const handle = setTimeout(() => {
        this.pending.delete(handle);
        resolve();
      }, ms);
      this.pending.set(handle, () => reject(new SimulatorStopped()));
    });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  onModuleDestroy(): void {
    this.stopping.abort();
    for (const [handle, cancel] of this.pending) {
      clearTimeout(handle);
      cancel();
    }
    this.pending.clear();
  }
}
