// One Jest run over every project: pure-logic specs beside the code (*.spec.ts), integration
// suites against real PostgreSQL/NATS, and end-to-end suites that boot the real apps (test/).
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target}`,
  ]),
);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/e2e'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // jose 6, p-limit 7 (with its yocto-queue) and file-type 21 (with its tokenizer packages) ship only ES modules, which Jest's CommonJS
    // runtime cannot load (Node itself can, with require(esm)); @swc/jest turns their files into
    // CommonJS for the tests.
    '/node_modules/(jose|p-limit|yocto-queue|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit)/.+\\.js$':
      ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|p-limit|yocto-queue|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit)/)',
  ],
  moduleNameMapper,
  testTimeout: 60_000,
  // `npm test` runs one file at a time (--runInBand), or TEST_WORKERS files side by side, each
  // worker with a database, NATS server and Redis database of its own (tools/dev/cli.mjs).
  setupFiles: ['<rootDir>/tools/dev/jest-worker-env.cjs'],
  reporters: ['default', '<rootDir>/tools/dev/jest-exit-reporter.cjs'],
  maxWorkers: 1,
  forceExit: false,
};
