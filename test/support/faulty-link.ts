// An HTTP hop between the service and an outside party that a test can break: it passes requests on,
// answers 503 in the party's place, or holds them unanswered so the caller's own timeout fires.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LinkMode = 'pass' | 'fail' | 'hang';

export interface FaultyLink {
  /** Where the service should call instead of the party. */
  url: string;
  mode: LinkMode;
  /** Requests answered 503 and requests held, since the start. */
  failed: number;
  held: number;
  stop(): Promise<void>;
}

export async function startFaultyLink(target: string): Promise<FaultyLink> {
  const held = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => {
      if (link.mode === 'hang') {
        link.held += 1;
        held.add(response);
        response.on('close', () => held.delete(response));
        return;
      }
      if (link.mode === 'fail') {
        link.failed += 1;
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"UNAVAILABLE"}');
        return;
      }
      forward(target, request, Buffer.concat(body), response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const link: FaultyLink = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: 'pass',
    failed: 0,
    held: 0,
    stop: () => {
      for (const response of held) response.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return link;
}

/** Headers about this connection, not the request: fetch sets its own. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function forward(target: string, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && !HOP_BY_HOP.has(entry[0]),
    ),
  );
  fetch(new URL(request.url ?? '/', target), {
    method: request.method,
    headers,
    body: body.length ? body : undefined,
  })
    .then(async (answer) => {
      const bytes = Buffer.from(await answer.arrayBuffer());
      response
        .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' })
        .end(bytes);
    })
    // The party is away: the caller sees what it would see, a dropped connection.
    .catch(() => response.destroy());
}
