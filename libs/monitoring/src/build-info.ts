import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../config/src/paths';

/** What GET /info says about the running build (the shape of HMPPS's `/info`, plus the commit and start time). */
export interface BuildInfo {
  build: { name: string; version: string };
  git: { commit: string; branch: string };
  /** When this process started, ISO 8601. */
  startedAt: string;
  /** Seconds since then. */
  uptime: number;
}

/**
 * An image is built without its .git folder, so it is given the commit and branch as build
 * arguments (GIT_REF, GIT_BRANCH, BUILD_NUMBER, as HMPPS's template does); a clone asks git.
 */
export function buildInfo(name: string, env: NodeJS.ProcessEnv = process.env): () => BuildInfo {
  const version =
    env.BUILD_NUMBER ||
    (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const commit = env.GIT_REF || git('rev-parse', 'HEAD');
  const branch = env.GIT_BRANCH || git('rev-parse', '--abbrev-ref', 'HEAD');
  const startedAt = new Date(Date.now() - process.uptime() * 1000).toISOString();
  return () => ({
    build: { name, version },
    git: { commit, branch },
    startedAt,
    uptime: Math.floor(process.uptime()),
  });
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
