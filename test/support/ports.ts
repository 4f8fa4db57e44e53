import { connect } from 'node:net';

export { freePort, freePorts } from '../../scripts/free-port';

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
