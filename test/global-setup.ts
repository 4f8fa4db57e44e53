// Once per `jest` run: find (or build) the Temporal CLI, so every suite's server uses the same binary.
import { existsSync } from 'node:fs';
import { appEntry } from '../libs/config/src/paths';
import { resolveTemporalCli } from '../scripts/temporal-cli';

export default function globalSetup(): void {
  process.env.TEMPORAL_CLI_PATH = resolveTemporalCli((line) => console.log(line));
  if (!existsSync(appEntry('api'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
}
