// Schemathesis, the OpenAPI fuzzer, from PyPI into a virtual environment cached outside the repo
// (like the Temporal CLI), so `npm test` on a fresh machine needs only python3 with venv.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../libs/config/src/paths';

export const SCHEMATHESIS_VERSION = '4.32.5';

/** The `st` command: the cached one, or installed there now (about 15 s from PyPI). */
export function resolveSchemathesis(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const venv = join(cacheHome, 'curfew-variations', `schemathesis-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  if (existsSync(st)) return st;
  try {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'pipe' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], {
      stdio: 'pipe',
    });
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`Could not install schemathesis ${SCHEMATHESIS_VERSION} into ${venv}: ${output}`);
  }
  return st;
}

/** One case schemathesis sent, and what came back. */
export interface Interaction {
  phase: string;
  operation: string;
  status: number | undefined;
  /** The link it followed, in the stateful phase: "POST /variations -> [201] triage -> POST ...". */
  transition?: string;
}

export interface SchemathesisRun {
  exitCode: number | null;
  /** Its console report: the failures, each with a curl line to reproduce it. */
  output: string;
  interactions: Interaction[];
}

/** `st run` against the api's /docs-json with every check on, read back from its NDJSON report. */
export async function runSchemathesis(
  st: string,
  baseUrl: string,
  args: string[],
  env: Record<string, string>,
): Promise<SchemathesisRun> {
  const reports = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  const command = [
    '--config-file',
    join(repoRoot, 'test', 'contract', 'schemathesis.toml'),
    'run',
    `${baseUrl}/docs-json`,
    '--checks',
    'all',
    '--generation-database',
    'none',
    '--no-color',
    '--report',
    'ndjson',
    '--report-dir',
    reports,
    ...args,
  ];
  // Submissions for people the nDelius stand-in holds (test/contract/stand_in_people.py).
  const hooks = {
    PYTHONPATH: join(repoRoot, 'test', 'contract'),
    PYTHONDONTWRITEBYTECODE: '1',
    SCHEMATHESIS_HOOKS: 'stand_in_people',
  };
  const child = spawn(st, command, {
    env: { ...process.env, ...hooks, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const report = readdirSync(reports).find((file) => file.endsWith('.ndjson'));
  return { exitCode, output, interactions: report ? interactionsIn(join(reports, report)) : [] };
}

interface Recorded {
  phase: string;
  recorder: {
    cases?: Record<string, { value?: { method: string; path: string }; transition?: { id?: string } }>;
    interactions?: Record<
      string,
      { request: { method: string; uri: string }; response?: { status_code: number } }
    >;
  };
}

function interactionsIn(file: string): Interaction[] {
  const found: Interaction[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"ScenarioFinished"')) continue;
    const { phase, recorder } = (JSON.parse(line) as { ScenarioFinished: Recorded }).ScenarioFinished;
    for (const [id, interaction] of Object.entries(recorder.interactions ?? {})) {
      const recorded = recorder.cases?.[id];
      found.push({
        phase,
        operation: recorded?.value
          ? `${recorded.value.method} ${recorded.value.path}`
          : `${interaction.request.method} ${interaction.request.uri}`,
        status: interaction.response?.status_code,
        transition: recorded?.transition?.id,
      });
    }
  }
  return found;
}
