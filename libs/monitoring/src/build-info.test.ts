import { buildInfo } from './build-info';

describe('buildInfo (GET /info)', () => {
  it("takes an image's build arguments over the clone's git", () => {
    const info = buildInfo('api', {
      GIT_REF: 'abc123',
      GIT_BRANCH: 'release',
      BUILD_NUMBER: '2026-12-03.1',
    })();

    expect(info).toMatchObject({
      build: { name: 'api', version: '2026-12-03.1' },
      git: { commit: 'abc123', branch: 'release' },
    });
  });

  it("asks a clone's git for the commit, and says when the process started", () => {
    const info = buildInfo('api', {})();

    expect(info.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(info.build.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(info.startedAt)).toBeLessThanOrEqual(Date.now() - info.uptime * 1000 + 1000);
  });
});
