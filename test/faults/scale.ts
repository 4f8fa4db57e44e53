// How much the fault suite does: a quick size for `npm test`, a larger one for `npm run test:faults`.
const large = process.env.FAULT_SCALE === 'large';
/** `npm run test:cluster`: the full Temporal server on PostgreSQL, as production runs it. */
const cluster = process.env.TEMPORAL_ENGINE === 'cluster';

export const scale = {
  name: `${large ? 'large' : 'quick'}${cluster ? ', full Temporal server' : ''}`,
  cluster,
  /** Worker and api processes: on the full server two of each, as production runs; one of each is killed. */
  workers: cluster ? 2 : 1,
  apis: cluster ? 2 : 1,
  /** Variations driven through the process while the faults below are injected. */
  variations: large ? 120 : 20,
  /** How many times the whole round of faults (fault-rounds.ts) is run. */
  faultRounds: large ? 3 : 1,
  /** How long each outage (Temporal, the relay, the EMS provider) lasts. */
  outageMs: large ? 8_000 : 4_000,
  /** Variations on which approve and reject race. */
  races: large ? 60 : 10,
  forgedWebhooks: large ? 2_000 : 200,
  garbageRequests: large ? 1_000 : 100,
  /** fast-check runs over the operations of the OpenAPI document. */
  fuzzRuns: large ? 1_500 : 150,
  /** Whole test budgets: generous, the machine is shared. */
  lifecycleTimeoutMs: large ? 1_800_000 : 420_000,
  phaseTimeoutMs: large ? 600_000 : 120_000,
};
