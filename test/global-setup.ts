// Once per `jest` run: find (or build) the Temporal CLI (and the full server for test:cluster), so
// every suite's server uses the same binary.
import { existsSync } from 'node:fs';
import { appEntry } from '../libs/config/src/paths';
import { resolveTemporalCli } from '../scripts/temporal-cli';
import { resolveTemporalServer } from '../scripts/temporal-cluster';

export default function globalSetup(): void {
  process.env.TEMPORAL_CLI_PATH = resolveTemporalCli((line) => console.log(line));
  // `npm run test:cluster`: the full server, built once here rather than by each suite at once.
  if (process.env.TEMPORAL_ENGINE === 'cluster') resolveTemporalServer((line) => console.log(line));
  if (!existsSync(appEntry('api'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
}
