const { packageConfig } = require('../../jest.preset.js');

const base = packageConfig(__dirname);
const typescript = base.transform['^.+\\.(t|j)s$'];

// The console's pure modules (src/, server/) and its browser tests (test/*.browser.test.ts: a real registry, lineage,
// console server and headless Chromium). @fastify/static needs content-disposition 3, which ships only ESM: Node
// loads it with require(esm), Jest's CommonJS runtime only once it is transformed.
module.exports = {
  ...base,
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/server/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    ...base.transform,
    '^.+[\\\\/]content-disposition[\\\\/]dist[\\\\/].+\\.js$': typescript,
  },
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/content-disposition@|content-disposition/)'],
};
