// Three projects: unit tests (no database), and the end-to-end suite once against MariaDB and
// once against SQLite. Each e2e test file gets a database of its own (see test/support).
const swaggerPlugin = { path: '<rootDir>/test/support/swagger-transformer.js' };

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false, astTransformers: { before: [swaggerPlugin] } }],
};

const base = { moduleFileExtensions: ['js', 'json', 'ts'], rootDir: __dirname, testEnvironment: 'node', transform };

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'mariadb',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env-mariadb.ts'],
    },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    {
      ...base,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env-sqlite.ts'],
    },
  ],
};
