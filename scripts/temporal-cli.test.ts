// Finding the Temporal CLI on a fresh machine, in the order architecture.md gives.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TEMPORAL_CLI_VERSION } from './temporal-cli';
import { repoRoot } from '../libs/config/src/paths';

const script = join(repoRoot, 'dist', 'scripts', 'temporal-cli.js');
const nodeDir = dirname(process.execPath);

function fakeExecutable(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

/** Runs `npm run temporal-cli` with a controlled PATH and cache, so no real CLI or Go is found by accident. */
function resolve(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [script], {
    env: { PATH: nodeDir, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cache-')), ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout.trim(), err: result.stderr };
}

describe('resolving the Temporal CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));

  it('uses TEMPORAL_CLI_PATH first', () => {
    const configured = fakeExecutable(join(dir, 'configured', 'temporal'));
    const onPath = fakeExecutable(join(dir, 'bin', 'temporal'));
    expect(resolve({ TEMPORAL_CLI_PATH: configured, PATH: `${dirname(onPath)}:${nodeDir}` }).out).toBe(
      configured,
    );
  });

  it('refuses a TEMPORAL_CLI_PATH that is not an executable', () => {
    const result = resolve({ TEMPORAL_CLI_PATH: join(dir, 'missing') });
    expect(result.code).toBe(1);
    expect(result.err).toContain('is not an executable file');
  });

  it('then `temporal` on PATH', () => {
    const onPath = fakeExecutable(join(dir, 'path-only', 'temporal'));
    expect(resolve({ PATH: `${dirname(onPath)}:${nodeDir}` }).out).toBe(onPath);
  });

  it('then the cached build outside the repo', () => {
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    const cached = fakeExecutable(
      join(cache, 'curfew-variations', `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal'),
    );
    expect(resolve({ XDG_CACHE_HOME: cache }).out).toBe(cached);
  });

  it('with none of these and no Go, exits non-zero saying what to install', () => {
    const result = resolve({});
    expect(result.code).toBe(1);
    expect(result.err).toContain('Install Go');
    expect(result.err).toContain('TEMPORAL_CLI_PATH');
    expect(result.err).toContain('TEMPORAL_ADDRESS');
  });

  it('with Go that cannot reach the module proxy, exits non-zero saying so', () => {
    const go = execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();
    const result = resolve({
      PATH: `${dirname(go)}:${nodeDir}`,
      GOPROXY: 'off',
      GOFLAGS: '-mod=mod',
      GOPATH: mkdtempSync(join(tmpdir(), 'gopath-')),
      GOCACHE: mkdtempSync(join(tmpdir(), 'gocache-')),
      HOME: mkdtempSync(join(tmpdir(), 'home-')),
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('go install of the Temporal CLI');
  });
});
