// Tests run TypeScript through swc (fast, no type check: `npm run build` type-checks first).
// NestJS 12, jose and Kysely ship ESM only; Jest's CommonJS runtime needs them transformed too.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/workflows', '<rootDir>/scripts', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|kysely)/)'],
  // Two cores: the Temporal server and the apps under test need the other one.
  maxWorkers: 2,
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.ts',
};
