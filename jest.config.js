/** Jest runs TypeScript through ts-jest without type checking (isolatedModules);
 * `npm test` runs `tsc --noEmit` first for the types. */
const fs = require('fs');
const path = require('path');

// cdktf's Testing.app() and the CLI tests make temporary directories through os.tmpdir(),
// which reads the real process environment, not the test sandbox's: set TMPDIR here, before
// the workers start (they inherit it), so a test run leaves nothing in the machine's /tmp.
// test/global-setup.js empties the folder at the start of each run.
const testTmp = path.join(__dirname, '.tmp', 'jest');
fs.mkdirSync(testTmp, { recursive: true });
process.env.TMPDIR = testTmp;
process.env.CHECKPOINT_DISABLE = '1';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup-jest.ts'],
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
