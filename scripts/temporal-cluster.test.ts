// The full server's configuration, as scripts/temporal-cluster.ts writes it for npm run test:cluster.
import { parse } from 'yaml';
import { existsSync } from 'node:fs';
import { DYNAMIC_CONFIG_FILE, HISTORY_SHARDS, serverConfig } from './temporal-cluster';

const ports = {
  frontend: 27233,
  frontendHttp: 27243,
  history: 27234,
  matching: 27235,
  worker: 27239,
  membership: [26933, 26934, 26935, 26939] as [number, number, number, number],
  metrics: 28000,
};

it('runs on PostgreSQL 12+ (postgres12 plugin) with more than one history shard, on the ports given', () => {
  const config = parse(serverConfig(25432, ports));
  expect(HISTORY_SHARDS).toBeGreaterThan(1);
  expect(config.persistence.numHistoryShards).toBe(HISTORY_SHARDS);
  for (const [store, database] of [
    ['default', 'temporal'],
    ['visibility', 'temporal_visibility'],
  ])
    expect(config.persistence.datastores[store].sql).toMatchObject({
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: '127.0.0.1:25432',
    });
  expect(config.services.frontend.rpc).toMatchObject({ grpcPort: 27233, httpPort: 27243 });
  expect(config.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:27233');
  // The server keeps membership ports in a smallint column.
  const membership = ['frontend', 'history', 'matching', 'worker'].map(
    (service) => config.services[service].rpc.membershipPort as number,
  );
  expect(membership).toEqual(ports.membership);
  expect(Math.max(...membership)).toBeLessThan(32768);
});

it("reads the service's dynamic config, the file compose mounts", () => {
  const config = parse(serverConfig(25432, ports));
  expect(config.dynamicConfigClient.filepath).toBe(DYNAMIC_CONFIG_FILE);
  expect(existsSync(DYNAMIC_CONFIG_FILE)).toBe(true);
});
