// Registers the project's search attributes on a Temporal namespace, adding only those missing.
// `npm start` runs it on every start (a dev-server database made by an older version lacks new ones);
// deploying, scripts/set-up-namespace.ts runs it after making the namespace (compose, the Job, the suites).
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { searchAttributeKeys } from '../workflows/search-attributes';

const INDEXED_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** Custom search attributes SQL visibility (PostgreSQL, MySQL, SQLite) allows a namespace, by type. */
export const SQL_VISIBILITY_LIMITS: Record<string, number> = { KEYWORD: 10, DATETIME: 3 };

/** Returns the names it added. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = searchAttributeKeys.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPES[key.type]])),
    });
  } catch (error) {
    // Most likely the namespace is full: say what the service needs and where to read on.
    const needed = Object.keys(SQL_VISIBILITY_LIMITS)
      .map((type) => `${searchAttributeKeys.filter((key) => key.type === type).length} ${type}`)
      .join(' and ');
    throw new Error(
      `Temporal refused the search attributes ${missing.map((key) => key.name).join(', ')} on namespace ` +
        `${namespace}: ${(error as Error).message}. The service needs ${needed} custom attributes; SQL ` +
        `visibility allows a namespace ${SQL_VISIBILITY_LIMITS.KEYWORD} KEYWORD and ${SQL_VISIBILITY_LIMITS.DATETIME} ` +
        `DATETIME. Give the service a namespace of its own (docs/operations.md, Search attributes).`,
    );
  }
  return missing.map((key) => key.name);
}

if (require.main === module) {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  Connection.connect({ address })
    .then(async (connection) => {
      const added = await registerSearchAttributes(connection, namespace);
      console.log(
        added.length
          ? `Registered ${added.join(', ')} on ${namespace}`
          : `All search attributes present on ${namespace}`,
      );
      await connection.close();
    })
    .catch((error: Error) => {
      console.error(`Could not register search attributes on ${address}: ${error.message}`);
      process.exit(1);
    });
}
