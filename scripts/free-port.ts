import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** Ports already handed out by this process: a caller may take several before it starts anything. */
const handedOut = new Set<number>();

/**
 * A port nothing is listening on right now and not handed out before by this process, chosen below
 * the ephemeral range (32768+) that the OS hands out for port 0: servers started on port 0 cannot
 * take it between the choice and its use, and the full Temporal server keeps its membership ports
 * as a smallint.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = randomInt(20_000, 30_000);
    if (handedOut.has(port) || !(await isFree(port))) continue;
    handedOut.add(port);
    return port;
  }
}

/** `count` free ports (freePort's), none of them one already chosen in `taken`. */
export async function freePorts(count: number, taken: number[] = []): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!taken.includes(port)) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
