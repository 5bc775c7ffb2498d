import type { Config } from 'jest';

// SWC instead of ts-jest: transpile-only keeps the suite fast; `npm run typecheck` covers types.
const swcTransform: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// @kubernetes/client-node 1.x and its OIDC dependencies ship ESM only. Jest's CommonJS runtime
// cannot require(esm) on Node 20, so SWC compiles exactly these packages to CommonJS.
const ESM_ONLY_PACKAGES = ['@kubernetes/client-node', 'openid-client', 'jose', 'oauth4webapi'];

const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': swcTransform, '^.+\\.js$': swcTransform },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@catalog/plugin$': '<rootDir>/libs/catalog-plugin/src',
    '^@catalog/plugin/(.*)$': '<rootDir>/libs/catalog-plugin/src/$1',
    '^@catalog/plugins-mcp$': '<rootDir>/libs/plugins-mcp/src',
    '^@catalog/plugins-mcp/(.*)$': '<rootDir>/libs/plugins-mcp/src/$1',
    '^@catalog/plugins-model$': '<rootDir>/libs/plugins-model/src',
    '^@catalog/plugins-model/(.*)$': '<rootDir>/libs/plugins-model/src/$1',
    '^@test/support$': '<rootDir>/test/support',
    '^@test/support/(.*)$': '<rootDir>/test/support/$1',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
