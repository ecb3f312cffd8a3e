const { packageConfig } = require('../../jest.preset.js');

const base = packageConfig(__dirname);
const swc = base.transform['^.+\\.(t|j)s$'];

// PGlite's CommonJS build loads its WebAssembly with dynamic import(), which Jest's CommonJS runtime cannot run
// without --experimental-vm-modules; transforming its dist turns those into require() (the embedded-mode tests).
module.exports = {
  ...base,
  transform: { ...base.transform, '^.+[\\\\/]@electric-sql[\\\\/]pglite[\\\\/]dist[\\\\/].+\\.c?js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/@electric-sql\\+pglite|@electric-sql/pglite)'],
};
