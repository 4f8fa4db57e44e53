// Requests no client should send: wrong methods, broken paths, bodies that are not what they claim,
// credentials that are not credentials. The answer may be any 4xx; never a 5xx.
import fc from 'fast-check';
import type { Stack } from '../support/stack';
import { seen5xx } from './figures';
import type { GeneratedRequest } from './openapi-fuzz';

const unsigned = (claims: object) =>
  `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

/** Authorization headers: the stack's real tokens and things that only look like tokens. */
export async function credentials(stack: Stack): Promise<(string | undefined)[]> {
  const roles = ['practitioner', 'spo', 'pdu-head', 'em-lead', 'admin'];
  const tokens = await Promise.all(roles.map((role) => stack.token(role)));
  return [
    undefined,
    ...tokens.map((token) => `Bearer ${token}`),
    `Bearer ${await stack.token('practitioner', { pdu: 'N07SHF' })}`,
    `Bearer ${unsigned({ user_name: 'mallory', authorities: ['ROLE_CURFEW_ADMIN'] })}`,
    'Bearer not-a-token',
    'Bearer ',
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${tokens[0].split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`,
  ];
}

const PATHS = [
  '/variations',
  '/variations/00000000-0000-0000-0000-000000000000',
  '/variations/%ZZ',
  '/variations/..%2F..%2Fetc%2Fpasswd',
  '/variations/%00/triage',
  `/variations/${'a'.repeat(4_000)}`,
  '/court-variations',
  '/webhooks/ems',
  '/decisions/not-a-token',
  `/decisions/${'x'.repeat(3_000)}`,
  '/codec/decode',
  '/codec/encode',
  '/health',
  '/metrics',
  '/docs-json',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
];

const BODIES = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{',
    '[',
    'null',
    '"',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    `{"a":"${'x'.repeat(300_000)}"}`,
    'decision=APPROVE&csrf=x&decision=REJECT',
    '\u0000\u0001\u0002',
  ),
);

export function garbageRequests(ids: string[]): fc.Arbitrary<GeneratedRequest> {
  return fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      path: fc.oneof(
        fc.constantFrom(...PATHS),
        fc.constantFrom(...ids).map((id) => `/variations/${id}/approval`),
        fc.webPath(),
      ),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: BODIES,
    })
    .map(({ method, path, contentType, body }) => ({
      method,
      path,
      headers: { 'content-type': contentType },
      body: method === 'GET' ? undefined : body,
    }));
}

/** Sends one request as it is, with the given Authorization; its status (0: no answer). */
export async function sendAsIs(
  stack: Stack,
  request: GeneratedRequest,
  authorization?: string,
): Promise<number> {
  const headers: Record<string, string> = { ...request.headers };
  if (authorization) headers.authorization = authorization;
  const body =
    request.body === undefined || typeof request.body === 'string'
      ? request.body
      : JSON.stringify(request.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${stack.baseUrl}${request.path}`, {
    method: request.method,
    headers,
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status >= 500) {
    seen5xx(`${request.method} ${request.path.slice(0, 120)} -> ${response.status} ${text.slice(0, 200)}`);
  }
  return response.status;
}
