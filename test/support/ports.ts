import { randomInt } from 'node:crypto';
import { connect, createServer } from 'node:net';

/**
 * A port nothing is listening on right now, chosen below the ephemeral range (32768+) that the OS
 * hands out for port 0: the dev servers the tests start use port 0, so they cannot take ours
 * between the choice and its use.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = randomInt(20_000, 30_000);
    if (await isFree(port)) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether something accepts TCP connections on the port (a server of any protocol). */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
