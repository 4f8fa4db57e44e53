// The production sign-in's two calls to HMPPS Auth, against a stand-in on a free port.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HmppsAuth } from './hmpps-auth';

let server: Server;
let baseUrl: string;
const received: { authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ authorization: request.headers.authorization, body });
    const code = new URLSearchParams(body).get('code');
    response.writeHead(code === 'good-code' ? 200 : 400, { 'Content-Type': 'application/json' });
    response.end(
      JSON.stringify(code === 'good-code' ? { access_token: 'the.jwt.token' } : { error: 'invalid_grant' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const auth = () =>
  new HmppsAuth({
    authorizeUrl: `${baseUrl}/auth/oauth/authorize`,
    tokenUrl: `${baseUrl}/auth/oauth/token`,
    clientId: 'curfew-variations',
    clientSecret: 's3cret',
    redirectUri: 'https://curfew.example/sign-in/callback',
  });

it('sends the browser to HMPPS Auth with the code flow, our callback and the state', () => {
  const url = new URL(auth().authorizeUrl('state-123'));
  expect(url.pathname).toBe('/auth/oauth/authorize');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    response_type: 'code',
    client_id: 'curfew-variations',
    redirect_uri: 'https://curfew.example/sign-in/callback',
    state: 'state-123',
  });
});

it('swaps the code for the access token, as the client with its secret', async () => {
  expect(await auth().exchange('good-code')).toBe('the.jwt.token');
  const { authorization, body } = received[received.length - 1];
  expect(authorization).toBe(`Basic ${Buffer.from('curfew-variations:s3cret').toString('base64')}`);
  expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
    grant_type: 'authorization_code',
    code: 'good-code',
    redirect_uri: 'https://curfew.example/sign-in/callback',
  });
});

it('fails when HMPPS Auth refuses the code', async () => {
  await expect(auth().exchange('stale-code')).rejects.toThrow('HMPPS Auth answered 400');
});
