// The whole service as an earlier commit built it, to run beside this checkout's: the old release of a
// rolling upgrade. Made once per commit outside the repo, as the Temporal binaries are, so a fresh
// clone's `npm run test:cluster` makes it itself: the commit's files from git (`git archive`), its
// node_modules (this checkout's when the lockfiles are the same, else `npm ci`), and its own `tsc`
// build. Its worker bundles its own workflows at start (dist/workflows, no WORKFLOW_BUNDLE_PATH).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../libs/config/src/paths';

const run = promisify(execFile);
const MAX_OUTPUT = 64 * 1024 * 1024;

export interface OlderBuild {
  /** The full commit id. */
  commit: string;
  dir: string;
  /** What `node` runs for the app, as `startStack`'s `entries` take it. */
  entry(app: 'api' | 'worker'): string;
}

export async function olderBuild(
  commit: string,
  log: (line: string) => void = console.log,
): Promise<OlderBuild> {
  const git = (...args: string[]) =>
    run('git', args, { cwd: repoRoot, maxBuffer: MAX_OUTPUT }).then(({ stdout }) => stdout);
  const full = (
    await git('rev-parse', '--verify', '--quiet', `${commit}^{commit}`).catch(() => {
      throw new Error(`Commit ${commit} is not in this clone (a shallow one? git fetch --unshallow)`);
    })
  ).trim();
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(cacheHome, 'curfew-variations', `upgrade-${full.slice(0, 12)}`);
  const build: OlderBuild = {
    commit: full,
    dir,
    entry: (app) => join(dir, 'dist', 'apps', app, 'src', 'main.js'),
  };
  const sameLock =
    (await git('show', `${full}:package-lock.json`)) ===
    readFileSync(join(repoRoot, 'package-lock.json'), 'utf8');
  // The commit, and whether its node_modules are this checkout's or its own.
  const stamp = `${full} ${sameLock ? 'linked' : 'own'} node_modules`;
  const built = () => existsSync(join(dir, '.built')) && readFileSync(join(dir, '.built'), 'utf8') === stamp;
  if (built()) {
    // The link may point to a checkout since removed: link this one's.
    if (sameLock) linkModules(dir);
    return build;
  }

  log(`Building the service as commit ${full.slice(0, 7)} had it, once, into ${dir}...`);
  mkdirSync(join(cacheHome, 'curfew-variations'), { recursive: true });
  // Built aside and moved into place whole: a run stopped halfway, or two at once, leave no half build.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    const tar = `${partial}.tar`;
    await git('archive', '--format=tar', '-o', tar, full);
    await run('tar', ['-xf', tar, '-C', partial]);
    rmSync(tar);
    if (sameLock) linkModules(partial);
    else await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: partial, maxBuffer: MAX_OUTPUT });
    const tsc = join(partial, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: partial, maxBuffer: MAX_OUTPUT });
    writeFileSync(join(partial, '.built'), stamp);
    // Another run may have put its build in place meanwhile: then it stands.
    if (built()) rmSync(partial, { recursive: true, force: true });
    else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    rmSync(`${partial}.tar`, { force: true });
    if (built()) return build;
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `Could not build commit ${full}: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`,
    );
  }
  return build;
}

/** node_modules as a link to this checkout's (the same lockfile), made afresh in one step. */
function linkModules(dir: string): void {
  const link = join(dir, `node_modules.${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(join(repoRoot, 'node_modules'), link);
  renameSync(link, join(dir, 'node_modules'));
}
