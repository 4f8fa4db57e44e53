// Finds the Temporal CLI (the dev server), building it once with Go if need be (architecture.md).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';

/** Outside the repo, so a fresh clone reuses the build and `git clean` does not throw it away. */
export function cachedCliDirectory(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'curfew-variations', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

/**
 * In order: TEMPORAL_CLI_PATH; `temporal` on PATH; the cached build; else `go install`.
 * (TEMPORAL_ADDRESS set means no dev server at all: callers check that first.)
 */
export function resolveTemporalCli(log: (line: string) => void = console.log): string {
  const configured = process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!isExecutable(configured))
      throw new Error(`TEMPORAL_CLI_PATH=${configured} is not an executable file`);
    return configured;
  }
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'temporal'))
    .find(isExecutable);
  if (onPath) return onPath;

  const cached = join(cachedCliDirectory(), 'temporal');
  if (isExecutable(cached)) return cached;

  return buildWithGo(cached, log);
}

function buildWithGo(target: string, log: (line: string) => void): string {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'The Temporal CLI is needed to run a local Temporal server, and it is not installed.\n' +
        `Install Go (https://go.dev/dl/) so it can be built once, or install the Temporal CLI ${TEMPORAL_CLI_VERSION} and set TEMPORAL_CLI_PATH,\n` +
        'or point TEMPORAL_ADDRESS at a running Temporal server.',
    );
  }
  mkdirSync(cachedCliDirectory(), { recursive: true });
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go, once (a few minutes)...`);
  try {
    execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: cachedCliDirectory() },
    });
  } catch {
    throw new Error(
      `go install of the Temporal CLI ${TEMPORAL_CLI_VERSION} failed (see above): the Go module proxy may be out of reach.\n` +
        'Install the Temporal CLI yourself and set TEMPORAL_CLI_PATH, or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  if (!isExecutable(target)) throw new Error(`go install finished but ${target} is missing`);
  log(`Temporal CLI built: ${target}`);
  return target;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// `npm run temporal-cli`: print where the CLI is, building it if needed.
if (require.main === module) {
  try {
    console.log(resolveTemporalCli((line) => console.error(line)));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
