// `pnpm test:unit`: every test that needs no service, for a fast first signal (CI's `fast` job).
//
// The rule: a test that needs a service (PostgreSQL, Redis, Kafka, or an app booted on them) is named
// `*.int.test.ts` (a package against real services, through @charter/testkit), `*.e2e.test.ts` (an app, under
// apps/*/test/e2e/) or `*.drill.test.ts` (a chaos drill on a real stack; `npm test` runs those in band, last). Every
// other test file is a unit test: it must pass with DATABASE_URL and REDIS_URL pointing
// nowhere. A server the test itself starts in-process (node:http on port 0) is not a service.
const os = require('node:os');
const root = require('./jest.config.js');

// The property suites run 1 000 cases each in `npm test`; the fast signal explores 100 (the variable still wins).
process.env.CHARTER_PROPERTY_RUNS ??= '100';

const SERVICE_TESTS = [
  '/node_modules/',
  '\\.int\\.test\\.ts$',
  '\\.e2e\\.test\\.ts$',
  '\\.drill\\.test\\.ts$',
  '\\.browser\\.test\\.ts$',
  '/test/e2e/',
];

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  // Jest's default (one worker less than the cores) would run a 2-core machine's suites one at a time.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  projects: root.projects.map((project) => {
    const config = require(`${project.replace('<rootDir>', __dirname)}/jest.config.js`);
    return { ...config, testPathIgnorePatterns: [...(config.testPathIgnorePatterns ?? []), ...SERVICE_TESTS] };
  }),
};
