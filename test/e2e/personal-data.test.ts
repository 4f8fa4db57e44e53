// R17: personal data never reaches Temporal in plaintext (history, search attributes, failures, ids)
// nor any log. After a whole run, the server's files (SQLite, or the full server's PostgreSQL) and
// everything the apps printed are searched for the PoP's details.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '../../scripts/processes';
import { call } from '../support/http';
import { addressChange, completeAddressChecks } from '../support/requests';
import { startStack } from '../support/stack';

// Long enough that encrypted bytes cannot contain them by chance. The CRNs of the people varied are
// added as they are made up (testCrn).
const PERSONAL = [
  'X123456',
  'Jones',
  '1990-04-01',
  'High Street',
  'Park Road',
  'LS2 2BB',
  'LS1 1AA',
  'Pat Jones',
];

// Secrets and credentials: neither may reach a log.
const DECISION_LINK = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.not-a-real-link-token';

it('leaves no PoP name, CRN, date of birth or address in plaintext in the Temporal database or the logs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-db-'));
  const stack = await startStack({ ems: 'auto', temporalDb: join(dir, 'temporal.db') });
  const output = stack.output;
  const credentials: string[] = Object.values(stack.temporal.secrets);
  let files: string[] = [];
  let database = '';
  try {
    const practitioner = await stack.token('practitioner');
    credentials.push(practitioner, DECISION_LINK);
    // A CRN in a query string and a credential in a path: the request log must keep neither.
    await call(stack.baseUrl, 'GET', '/variations?crn=X123456', { token: practitioner });
    await call(stack.baseUrl, 'GET', `/decisions/${DECISION_LINK}`);
    // A provider refusal quoting the address: failures are stored in history too.
    await call(stack.emsUrl, 'POST', '/admin/rules', {
      body: {
        match: { postcode: 'LS9 9NA' },
        confirm: 'REJECT',
        rejectReason: 'Nobody at 2 Park Road LS9 9NA answers',
      },
    });
    const ids: string[] = [];
    for (const postcode of ['LS2 2BB', 'LS9 9NA']) {
      const request = { ...addressChange(), addressChecks: completeAddressChecks() };
      request.change.address!.postcode = postcode;
      PERSONAL.push(request.person.crn);
      const { body } = await call(stack.baseUrl, 'POST', '/variations', {
        token: practitioner,
        body: request,
      });
      await call(stack.baseUrl, 'POST', `/variations/${body.id}/triage`, {
        token: await stack.token('spo'),
        body: { decision: 'ACCEPT' },
      });
      await call(stack.baseUrl, 'POST', `/variations/${body.id}/approval`, {
        token: await stack.token('pdu-head'),
        body: { decision: 'APPROVE' },
      });
      ids.push(body.id);
    }
    const statusOf = async (id: string) =>
      (await call(stack.baseUrl, 'GET', `/variations/${id}`, { token: practitioner })).body.status;
    await waitUntil(
      'the first to be ready to tell',
      async () => (await statusOf(ids[0])) === 'AWAITING_POP_INFORMED',
      30_000,
    );
    await waitUntil('the second to be returned', async () => (await statusOf(ids[1])) === 'RETURNED', 30_000);
    await call(stack.baseUrl, 'POST', `/variations/${ids[0]}/pop-informed`, {
      token: practitioner,
      body: { informedAt: new Date().toISOString(), method: 'IN_PERSON' },
    });
    await waitUntil('completion', async () => (await statusOf(ids[0])) === 'COMPLETED', 30_000);
    // Temporal stopped, so all it wrote is in its files (the full server's PostgreSQL checkpoints as
    // it stops); read before the stack's end deletes them.
    await stack.stopTemporal();
    await stack.temporal.cluster?.stopDatabase();
    files = storedFiles(stack.temporal.storage!, dir);
    database = files.map((file) => readFileSync(file).toString('latin1')).join('');
  } finally {
    await stack.stop();
  }

  expect(files.length).toBeGreaterThan(0);
  // The search does see plaintext: the opaque workflow ids and the PDU code (a search attribute) are there.
  expect(database).toContain('variation-');
  expect(database).toContain('N07CEN');
  for (const value of PERSONAL) {
    expect({ value, inDatabase: database.includes(value) }).toEqual({ value, inDatabase: false });
    expect({ value, inLogs: output.some((line) => line.includes(value)) }).toEqual({ value, inLogs: false });
  }
  for (const [index, secret] of credentials.entries()) {
    // Split at commas: a key list's parts are secrets one by one.
    for (const part of secret.split(',').map((p) => p.trim().replace(/^[\w-]+:/, ''))) {
      expect({ index, inLogs: output.some((line) => line.includes(part)) }).toEqual({ index, inLogs: false });
    }
  }
  // Structured: every line the apps wrote is one JSON object with a level, a time and a message.
  const entries = output.map((line) => JSON.parse(line.replace(/^\[\w+\] /, '')) as Record<string, unknown>);
  expect(entries.filter((entry) => !(entry.level && entry.time && entry.msg))).toEqual([]);
  const paths = entries.map((entry) => (entry.req as { path?: string } | undefined)?.path).filter(Boolean);
  expect(paths).toEqual(expect.arrayContaining(['/variations', '/decisions/:token']));
}, 180_000);

/** Every file the server kept: the dev server's SQLite files, or the full server's PostgreSQL data directory, WAL included. */
function storedFiles(storage: string, dir: string): string[] {
  if (storage === join(dir, 'temporal.db'))
    return readdirSync(dir)
      .filter((file) => file.startsWith('temporal.db'))
      .map((file) => join(dir, file));
  return readdirSync(storage, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
