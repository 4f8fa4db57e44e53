// There is no Docker engine here (architecture.md), so the Dockerfile and docker-compose.yml are
// checked by parsing them: against each other, against the apps' settings classes and against the
// command `npm start` runs. A mistake that would only show at `docker compose up` fails here.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { DockerfileParser, type ImageTemplate, type Instruction } from 'dockerfile-ast';
import { parse } from 'yaml';
import { ApiSettings } from '../../apps/api/src/api-settings';
import { SimulatorSettings } from '../../apps/ems-simulator/src/simulator-settings';
import { StandInSettings } from '../../apps/ndelius-stand-in/src/stand-in-settings';
import { WorkerSettings } from '../../apps/worker/src/worker-settings';
import { validateEnvironment } from '../../libs/config/src';
import { appEntry, repoRoot } from '../../libs/config/src/paths';
import { generateSecrets } from '../../scripts/local-secrets';
import {
  DYNAMIC_CONFIG_FILE,
  HISTORY_SHARDS,
  schemaSteps,
  SQL_PLUGIN,
  TEMPORAL_DATABASES,
  TEMPORAL_SERVER_VERSION,
} from '../../scripts/temporal-cluster';
import { SERVER_SETTINGS } from '../../scripts/temporal-dev-server';

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

// --- The Dockerfile ----------------------------------------------------------------------------------

const dockerfile = DockerfileParser.parse(read('Dockerfile'));
const stages = dockerfile.getFROMs().map((from) => ({
  name: from.getBuildStage(),
  parent: from.getImageName(),
  image: dockerfile.getContainingImage(from.getRange().start)!,
}));

/** A target and the stages it is built on, nearest first. */
function chain(target: string): ImageTemplate[] {
  const stage = stages.find((candidate) => candidate.name === target);
  if (!stage) throw new Error(`The Dockerfile has no stage ${target}`);
  const parent = stages.some((candidate) => candidate.name === stage.parent) ? chain(stage.parent!) : [];
  return [stage.image, ...parent];
}

/** The last instruction of a kind that applies to a target, from the target itself or a stage below. */
function effective(target: string, keyword: string): Instruction | undefined {
  for (const image of chain(target)) {
    const found = image.getInstructions().filter((instruction) => instruction.getKeyword() === keyword);
    if (found.length > 0) return found[found.length - 1];
  }
  return undefined;
}

/** The ENV a target's containers start with. */
function imageEnv(target: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const image of chain(target).reverse()) {
    for (const instruction of image.getENVs()) {
      for (const property of instruction.getProperties()) env[property.getName()] = property.getValue() ?? '';
    }
  }
  return env;
}

const jsonArguments = (instruction: Instruction | undefined) =>
  (instruction as unknown as { getJSONStrings(): { getJSONValue(): string }[] })
    .getJSONStrings()
    .map((argument) => argument.getJSONValue());

const workdir = (target: string) => effective(target, 'WORKDIR')?.getArgumentsContent() ?? '/';

const APPS = ['api', 'worker', 'ems-simulator', 'ndelius-stand-in'] as const;

describe('the Dockerfile', () => {
  it('builds in stages: dependencies, then the build, then a runtime without either', () => {
    expect(stages.find((stage) => stage.name === 'build')?.parent).toBe('deps');
    for (const app of APPS) {
      const names = chain(app).map((image) => image.getFROMs()[0].getBuildStage());
      expect(names).toEqual([app, 'runtime']);
    }
    const runtimeInstall = chain('runtime')[0]
      .getInstructions()
      .filter((instruction) => instruction.getKeyword() === 'RUN')
      .map((instruction) => instruction.getArgumentsContent());
    expect(runtimeInstall.join('\n')).toMatch(/npm ci --omit=dev/);
    // From the build stage the runtime takes the compiled code and nothing else (no dev dependencies).
    const fromBuild = chain('runtime')[0]
      .getCOPYs()
      .filter((copy) => copy.getFromFlag())
      .map((copy) => [copy.getFromFlag()!.getValue(), ...copy.getArguments().map((a) => a.getValue())]);
    expect(fromBuild).toEqual([['build', '/app/dist', 'dist']]);
  });

  it('starts from a slim Node image that meets package.json engines', () => {
    const nodeImage = dockerfile
      .getInitialARGs()
      .map((arg) => arg.getProperty())
      .find((property) => property?.getName() === 'NODE_IMAGE')
      ?.getValue();
    const match = /^node:(\d+)\.(\d+)-bookworm-slim$/.exec(nodeImage ?? '');
    expect(match).not.toBeNull();
    // engines: ^24
    expect(Number(match![1])).toBe(24);
    for (const stage of ['deps', 'runtime']) {
      expect(stages.find((candidate) => candidate.name === stage)?.parent).toBe('${NODE_IMAGE}');
    }
  });

  it.each(APPS)('%s: starts with the command `npm start` uses', (app) => {
    const [command, entry] = jsonArguments(effective(app, 'CMD'));
    expect(command).toBe('node');
    expect(posix.join(workdir(app), entry)).toBe(posix.join('/app', relative(repoRoot, appEntry(app))));
    expect(effective(app, 'ENTRYPOINT')).toBeUndefined();
  });

  it.each(APPS)('%s: runs as a user that is not root', (app) => {
    const user = effective(app, 'USER')?.getArgumentsContent();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it.each(APPS)('%s: has a health check', (app) => {
    const healthcheck = effective(app, 'HEALTHCHECK');
    expect(healthcheck?.getArgumentsContent()).toMatch(/CMD \[/);
  });

  it('checks the api on /health (readiness) and the simulator on /ping, at the port they listen on and expose', () => {
    for (const [app, portVariable, path] of [
      ['api', 'PORT', '/health'],
      ['ems-simulator', 'EMS_SIMULATOR_PORT', '/ping'],
      ['ndelius-stand-in', 'NDELIUS_STAND_IN_PORT', '/ping'],
    ] as const) {
      expect(effective(app, 'HEALTHCHECK')?.getArgumentsContent()).toContain(
        `process.env.${portVariable} || ${imageEnv(app)[portVariable]}) + '${path}'`,
      );
      expect(effective(app, 'EXPOSE')?.getArgumentsContent()).toBe(imageEnv(app)[portVariable]);
    }
  });

  it('gives the worker the workflow bundle the build stage writes', () => {
    const bundle = imageEnv('worker').WORKFLOW_BUNDLE_PATH;
    const build = chain('build')[0]
      .getInstructions()
      .filter((instruction) => instruction.getKeyword() === 'RUN')
      .map((instruction) => instruction.getArgumentsContent())
      .join('\n');
    const written = /node dist\/scripts\/bundle-workflows\.js (\S+)/.exec(build)?.[1];
    expect(written).toBeDefined();
    expect(posix.join(workdir('build'), written!)).toBe(bundle);
    // The runtime stage copies dist/ from the build, so the bundle must be under it.
    expect(bundle.startsWith('/app/dist/')).toBe(true);
    expect(effective('worker', 'HEALTHCHECK')?.getArgumentsContent()).toMatch(
      /CMD \["node", "dist\/scripts\/worker-health\.js"\]$/,
    );
    expect(existsSync(join(repoRoot, 'scripts', 'worker-health.ts'))).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const sources = dockerfile
      .getCOPYs()
      .filter((copy) => !copy.getFromFlag())
      .flatMap((copy) =>
        copy
          .getArguments()
          .slice(0, -1)
          .map((argument) => argument.getValue()),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(repoRoot, source))).toBe(true);
      expect(ignored).not.toContain(source.split('/')[0]);
    }
  });

  it('keeps local state, secrets and host builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', '.data', 'node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});

// --- docker-compose.yml ------------------------------------------------------------------------------

interface Service {
  image?: string;
  build?: { context: string; target: string };
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
  stop_grace_period?: string;
  volumes?: string[];
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const serviceNames = Object.keys(services);

/** The service built from a Dockerfile target (the one-shot that shares the worker's image aside). */
const appService = (target: string) => {
  const found = serviceNames.filter(
    (name) => services[name].build?.target === target && !services[name].command,
  );
  expect(found).toHaveLength(1);
  return found[0];
};

// The values a filled-in .env would hold: secrets shaped as `npm start` generates them.
const dotEnv: Record<string, string> = {
  ...generateSecrets(),
  POSTGRES_PASSWORD: 'p'.repeat(32),
  RECORD_DB_PASSWORD: 'r'.repeat(32),
};

/** Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} interpolation; an unset required VAR throws. */
function interpolate(value: string, variables: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::?([-?])([^}]*))?\}/g,
    (_match, name: string, kind?: string, rest?: string) => {
      if (variables[name]) return variables[name];
      if (kind === '-') return rest!;
      throw new Error(`${name} is needed and has no value`);
    },
  );
}

/** What a service's process sees: its image's ENV, then compose's environment, interpolated. */
function containerEnv(name: string): Record<string, string> {
  const service = services[name];
  const env = service.build ? imageEnv(service.build.target) : {};
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    env[key] = interpolate(String(value), dotEnv);
  }
  return env;
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('It did not throw');
}

const hostAndPort = (address: string) => {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: url.port };
};

/** The container port a service listens on, by the variable its app reads. */
const listeningPort = (name: string, variable: string) => containerEnv(name)[variable];

/** Where the admin-tools image keeps the schema tool's PostgreSQL scripts. */
const ADMIN_TOOLS_SCHEMA = '/etc/temporal/schema/postgresql/v12';

describe('docker-compose.yml', () => {
  it('builds each app from a target of the Dockerfile', () => {
    const targets = stages.map((stage) => stage.name);
    const built = serviceNames.filter((name) => services[name].build);
    expect(built.length).toBeGreaterThanOrEqual(APPS.length);
    for (const name of built) {
      expect(services[name].build!.context).toBe('.');
      expect(targets).toContain(services[name].build!.target);
    }
    for (const app of APPS) expect(appService(app)).toBeDefined();
  });

  it('waits only on services that exist, healthy ones that have a health check, finished ones that run once', () => {
    for (const service of Object.values(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(serviceNames).toContain(dependency);
        const target = services[dependency];
        if (condition === 'service_healthy') {
          const imageCheck = target.build ? effective(target.build.target, 'HEALTHCHECK') : undefined;
          expect(
            Boolean(target.healthcheck?.test) || Boolean(imageCheck && !target.healthcheck?.disable),
          ).toBe(true);
        } else {
          expect(condition).toBe('service_completed_successfully');
          expect(target.restart).toBe('no');
        }
      }
    }
  });

  it.each([
    ['api', ApiSettings],
    ['worker', WorkerSettings],
    ['ems-simulator', SimulatorSettings],
    ['ndelius-stand-in', StandInSettings],
  ] as const)('gives the %s every variable its settings require, valid', (app, settings) => {
    const validate = validateEnvironment(settings as new () => object);
    const env = containerEnv(appService(app));
    // With nothing set the app refuses to start, naming the variables it requires: each is given.
    const required = [...messageOf(() => validate({})).matchAll(/^ {2}(\w+):/gm)].map((match) => match[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !(name in env))).toEqual([]);
    expect(() => validate(env)).not.toThrow();
  });

  it('points every app at the services of this file, on the ports they listen on', () => {
    const api = appService('api');
    const simulator = appService('ems-simulator');
    const nDelius = appService('ndelius-stand-in');
    const expected: [string, string, string, string][] = [
      [api, 'TEMPORAL_ADDRESS', 'temporal', '7233'],
      [api, 'SMTP_URL', 'mail', '1025'],
      [appService('worker'), 'TEMPORAL_ADDRESS', 'temporal', '7233'],
      [appService('worker'), 'SMTP_URL', 'mail', '1025'],
      [appService('worker'), 'EMS_API_URL', simulator, listeningPort(simulator, 'EMS_SIMULATOR_PORT')],
      [simulator, 'EMS_WEBHOOK_URL', api, listeningPort(api, 'PORT')],
      [api, 'NDELIUS_API_URL', nDelius, listeningPort(nDelius, 'NDELIUS_STAND_IN_PORT')],
      [appService('worker'), 'NDELIUS_API_URL', nDelius, listeningPort(nDelius, 'NDELIUS_STAND_IN_PORT')],
      ['set-up-namespace', 'TEMPORAL_ADDRESS', 'temporal', '7233'],
      ['temporal-ui', 'TEMPORAL_ADDRESS', 'temporal', '7233'],
    ];
    for (const [service, variable, host, port] of expected) {
      expect(serviceNames).toContain(host);
      expect([service, variable, hostAndPort(containerEnv(service)[variable])]).toEqual([
        service,
        variable,
        { host, port },
      ]);
    }
  });

  it('gives the parties of a secret the same secret, and the apps the same namespace and queue', () => {
    const [api, worker, simulator, nDelius] = APPS.map(appService);
    const same: [string, string[]][] = [
      ['PAYLOAD_ENCRYPTION_KEYS', [api, worker]],
      ['PAYLOAD_ENCRYPTION_KEY_ID', [api, worker]],
      ['DECISION_LINK_SECRET', [api, worker]],
      ['EMS_WEBHOOK_SECRET', [api, simulator]],
      ['EMS_API_TOKEN', [worker, simulator]],
      ['NDELIUS_API_TOKEN', [api, worker, nDelius]],
      ['TEMPORAL_NAMESPACE', [api, worker, 'set-up-namespace']],
      ['TEMPORAL_TASK_QUEUE', [api, worker]],
      ['PUBLIC_BASE_URL', [api, worker]],
    ];
    for (const [variable, parties] of same) {
      const values = parties.map((party) => services[party].environment?.[variable]);
      expect(values[0]).toBeDefined();
      expect(new Set(values)).toEqual(new Set([values[0]]));
    }
  });

  it('publishes the api and the stand-ins on the ports they listen on', () => {
    for (const [app, variable] of [
      ['api', 'PORT'],
      ['ems-simulator', 'EMS_SIMULATOR_PORT'],
      ['ndelius-stand-in', 'NDELIUS_STAND_IN_PORT'],
    ] as const) {
      const name = appService(app);
      const containerPorts = (services[name].ports ?? []).map((mapping) => mapping.split(':').pop());
      expect(containerPorts).toEqual([listeningPort(name, variable)]);
    }
    // The stand-ins' admin APIs have no authentication: loopback only.
    for (const app of ['ems-simulator', 'ndelius-stand-in'] as const) {
      expect(services[appService(app)].ports?.every((mapping) => mapping.startsWith('127.0.0.1:'))).toBe(
        true,
      );
    }
  });

  it('runs Temporal on PostgreSQL, its schema job on the same database as the server', () => {
    const temporal = containerEnv('temporal');
    expect(temporal.DB).toBe('postgres12');
    expect(services[temporal.POSTGRES_SEEDS].image).toMatch(/^postgres:/);
    expect(services.temporal.depends_on?.[temporal.POSTGRES_SEEDS]).toEqual({ condition: 'service_healthy' });
    expect(temporal.POSTGRES_PWD).toBe(containerEnv(temporal.POSTGRES_SEEDS).POSTGRES_PASSWORD);
    const schema = containerEnv('temporal-schema');
    expect([
      schema.SQL_PLUGIN,
      schema.SQL_HOST,
      schema.SQL_PORT,
      schema.SQL_USER,
      schema.SQL_PASSWORD,
    ]).toEqual([
      temporal.DB,
      temporal.POSTGRES_SEEDS,
      temporal.DB_PORT,
      temporal.POSTGRES_USER,
      temporal.POSTGRES_PWD,
    ]);
    expect(services['temporal-schema'].depends_on?.[temporal.POSTGRES_SEEDS]).toEqual({
      condition: 'service_healthy',
    });
  });

  it('runs the Temporal server scripts/temporal-cluster.ts runs, and no auto-setup', () => {
    const temporalImages = Object.entries(services).filter(([, service]) =>
      service.image?.startsWith('temporalio/'),
    );
    expect(services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    for (const [name, { image }] of temporalImages) {
      expect([name, image]).not.toEqual([name, expect.stringMatching(/auto-setup/)]);
      if (/^temporalio\/(server|admin-tools):/.test(image!))
        expect([name, image!.split(':')[1]]).toEqual([name, TEMPORAL_SERVER_VERSION]);
    }
    expect(composeText).not.toMatch(/auto-setup:/);
  });

  it('gives the server the history shards and the dynamic config scripts/temporal-cluster.ts gives it', () => {
    const temporal = containerEnv('temporal');
    expect(temporal.NUM_HISTORY_SHARDS).toBe(String(HISTORY_SHARDS));
    const mounted = (services.temporal.volumes ?? [])
      .map((volume) => volume.split(':'))
      .find(([, target]) => target === temporal.DYNAMIC_CONFIG_FILE_PATH);
    expect(mounted).toBeDefined();
    expect(join(repoRoot, mounted![0])).toBe(DYNAMIC_CONFIG_FILE);
    expect(mounted![2]).toBe('ro');
  });

  it('runs the schema steps of scripts/temporal-cluster.ts, for both databases, before the server starts', () => {
    expect(containerEnv('temporal-schema').SQL_PLUGIN).toBe(SQL_PLUGIN);
    const expected = TEMPORAL_DATABASES.flatMap(([database, schema]) =>
      schemaSteps(posix.join(ADMIN_TOOLS_SCHEMA, schema, 'versioned')).map((step) => [
        'temporal-sql-tool',
        '--db',
        database,
        ...step,
      ]),
    );
    const job = services['temporal-schema'];
    expect(job.entrypoint).toEqual(['sh', '-euc']);
    const lines = job.command![0].split('\n').filter((line) => line.trim());
    expect(lines.map((line) => line.trim().split(/\s+/))).toEqual(expected);
    expect(services.temporal.depends_on?.['temporal-schema']).toEqual({
      condition: 'service_completed_successfully',
    });
  });

  it('sets up the namespace with its retention and search attributes, as scripts/temporal-cluster.ts does', () => {
    const job = services['set-up-namespace'];
    expect(containerEnv('set-up-namespace').TEMPORAL_RETENTION).toBe('30d');
    expect(job.environment?.TEMPORAL_RETENTION).toBe('${TEMPORAL_RETENTION:-30d}');
    expect(job.depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    // The cluster script calls the function the job's script runs.
    expect(read('scripts/temporal-cluster.ts')).toMatch(
      /import \{ setUpNamespace \} from '\.\/set-up-namespace'/,
    );
  });

  it('gives Temporal eager activity execution, as the dev server has it', () => {
    const path = containerEnv('temporal').DYNAMIC_CONFIG_FILE_PATH;
    const mounted = (services.temporal.volumes ?? []).find((volume) => volume.split(':')[1] === path);
    expect(mounted).toBeDefined();
    const settings = parse(read(mounted!.split(':')[0])) as Record<string, { value: unknown }[]>;
    expect(settings['system.enableActivityEagerExecution']).toEqual([{ value: true }]);
    expect(SERVER_SETTINGS).toContain('system.enableActivityEagerExecution=true');
  });

  it.each([
    ['sets up the namespace and its search attributes', 'set-up-namespace'],
    ["brings the record's schema up to date", 'migrate-record'],
  ])('%s before the api and the worker start', (_what, job) => {
    expect(services[job].command).toEqual(['node', `dist/scripts/${job}.js`]);
    expect(existsSync(join(repoRoot, 'scripts', `${job}.ts`))).toBe(true);
    for (const app of ['api', 'worker']) {
      expect(services[appService(app)].depends_on?.[job]).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it("keeps the record in a PostgreSQL 16 of its own, apart from Temporal's", () => {
    expect(services['record-db'].image).toBe('postgres:16');
    expect(containerEnv('migrate-record').DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@record-db:5432\//);
  });

  it("points the Temporal UI at the api's codec endpoint, and lets its page call it", () => {
    const ui = containerEnv('temporal-ui');
    const api = appService('api');
    const codec = new URL(ui.TEMPORAL_CODEC_ENDPOINT);
    expect(codec.pathname).toBe('/codec');
    // The browser calls it, so it is the api's published port on the host.
    const published = services[api].ports!.map((mapping) => mapping.split(':').slice(-2)[0]);
    expect(published).toContain(codec.port);
    const uiOrigin = `http://localhost:${services['temporal-ui'].ports![0].split(':').slice(-2)[0]}`;
    expect(containerEnv(api).TEMPORAL_UI_ORIGIN).toBe(uiOrigin);
  });

  it('lets the worker finish its activities before Docker kills it', () => {
    const worker = appService('worker');
    const graceMs = Number(containerEnv(worker).WORKER_SHUTDOWN_GRACE_MS);
    const stopSeconds = Number(/^(\d+)s$/.exec(services[worker].stop_grace_period ?? '')?.[1]);
    expect(stopSeconds * 1000).toBeGreaterThan(graceMs);
  });

  it('commits no secret: each comes from .env, which is required, documented and git-ignored', () => {
    const secretName = /SECRET|PASSWORD|PWD|TOKEN|ENCRYPTION_KEYS/;
    const documented = read('.env.example')
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => line.split('='));
    for (const [name, value] of documented) expect([name, value]).toEqual([name, '']);
    const documentedNames = documented.map(([name]) => name);
    let secrets = 0;
    for (const [service, { environment }] of Object.entries(services)) {
      for (const [name, value] of Object.entries(environment ?? {})) {
        if (!secretName.test(name)) continue;
        secrets += 1;
        // Required (${VAR:?...}), never a default, and listed in .env.example.
        const reference = /^\$\{(\w+):\?[^}]*\}$/.exec(String(value));
        expect([service, name, reference !== null]).toEqual([service, name, true]);
        expect(documentedNames).toContain(reference![1]);
      }
    }
    expect(secrets).toBeGreaterThanOrEqual(10);
    // Nothing shaped like a key anywhere in the file, whatever its variable is called.
    // (The schema job's directories are the one long run of such characters that is no key.)
    expect(composeText.replaceAll(`${ADMIN_TOOLS_SCHEMA}/`, '')).not.toMatch(
      /whsec_|[A-Za-z0-9+/]{32,}={0,2}|[0-9a-f]{32,}/,
    );
    expect(() => execFileSync('git', ['check-ignore', '-q', '.env'], { cwd: repoRoot })).not.toThrow();
  });
});
