// The OpenAPI document is true to the service, as an outside fuzzer finds it: schemathesis
// (test/support/schemathesis.ts) against the real stack, every check on, as each role and as the
// people of one PDU following a variation through the document's links. It finds no 5xx and no
// answer the document does not describe; what it rightly has refused is in schemathesis.toml.
import { type Interaction, resolveSchemathesis, runSchemathesis } from '../support/schemathesis';
import { type Stack, startStack } from '../support/stack';

const ROLES = ['practitioner', 'spo', 'pdu-head', 'em-lead', 'admin'] as const;
/** Cases per operation and phase, and stateful scenarios: a quick size; set these for a longer run. */
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? '8';
const SCENARIOS = process.env.FUZZ_SCENARIOS ?? '30';

let stack: Stack;
let st: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  st = resolveSchemathesis();
  stack = await startStack();
  for (const role of ROLES) tokens[role] = await stack.token(role);
}, 300_000);

afterAll(() => stack?.stop());

/** The variables schemathesis.toml reads, each operation's token. */
const asPeople = () => ({
  PRACTITIONER_TOKEN: tokens.practitioner,
  SPO_TOKEN: tokens.spo,
  PDU_HEAD_TOKEN: tokens['pdu-head'],
  EM_LEAD_TOKEN: tokens['em-lead'],
  ADMIN_TOKEN: tokens.admin,
});
const asOneRole = (role: string) =>
  Object.fromEntries(Object.keys(asPeople()).map((variable) => [variable, tokens[role]]));

const count = (interactions: Interaction[], test: (i: Interaction) => boolean) =>
  interactions.filter(test).length;

/** The figures for the notes: cases per phase, and what came back. */
function report(who: string, interactions: Interaction[]): void {
  const tally = (key: (i: Interaction) => string) =>
    Object.entries(Object.groupBy(interactions, key))
      .map(([value, cases]) => `${value} ${cases?.length}`)
      .join(', ');
  console.log(`schemathesis ${who}: ${tally((i) => i.phase)}; answers ${tally((i) => String(i.status))}`);
}

function expectNoFindings(run: { exitCode: number | null; output: string; interactions: Interaction[] }) {
  // The console report names each failure with a curl line to reproduce it.
  if (run.exitCode !== 0) throw new Error(run.output.split('\n').slice(-150).join('\n'));
  expect(count(run.interactions, (i) => (i.status ?? 0) >= 500)).toBe(0);
}

it('finds nothing as the people of one PDU, following a variation through the links', async () => {
  const run = await runSchemathesis(
    st,
    stack.baseUrl,
    // Not from the list: schemathesis would link its items' ids to every action, and with the list
    // still empty at first, make ids up instead of following a variation it made. Each role's run
    // below calls the list.
    ['--phases', 'stateful', '--max-examples', SCENARIOS, '--seed', '1', '--exclude-name', 'GET /variations'],
    asPeople(),
  );
  expectNoFindings(run);
  report('as the people of one PDU', run.interactions);
  // It reached the service: variations were made, and the links from them were followed to the
  // actions, which were answered as a variation's state allows.
  const made = count(run.interactions, (i) => i.status === 201);
  const followed = run.interactions.filter((i) => i.transition);
  expect(made).toBeGreaterThanOrEqual(10);
  expect(followed.length).toBeGreaterThanOrEqual(10);
  expect(count(followed, (i) => i.status === 200)).toBeGreaterThanOrEqual(3);
  expect(new Set(followed.map((i) => i.operation)).size).toBeGreaterThanOrEqual(4);
}, 600_000);

it.each(ROLES)(
  'finds nothing as one %s calling every operation',
  async (role) => {
    const run = await runSchemathesis(
      st,
      stack.baseUrl,
      ['--phases', 'examples,coverage,fuzzing', '--max-examples', EXAMPLES, '--seed', '2'],
      asOneRole(role),
    );
    expectNoFindings(run);
    report(`as one ${role}`, run.interactions);
    // Not a run that only ever met 401: the token was taken, and the role's own calls answered.
    expect(count(run.interactions, (i) => i.status === 401)).toBeLessThan(run.interactions.length / 2);
    expect(count(run.interactions, (i) => (i.status ?? 0) >= 200 && (i.status ?? 0) < 300)).toBeGreaterThan(
      0,
    );
  },
  600_000,
);
