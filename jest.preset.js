// Shared Jest settings for every package and app: swc transform, workspace packages resolved to their sources.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;
const workspaceSources = {};
for (const group of ['packages', 'apps']) {
  const dir = path.join(root, group);
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    if (fs.existsSync(path.join(dir, name, 'src', 'index.ts'))) {
      workspaceSources[`^@charter/${name}$`] = path.join(dir, name, 'src', 'index.ts');
    }
    // Subpath entries: test helpers for other packages' tests (`@charter/registry/testing`), a package's I/O
    // adapters (`@charter/contracts/node`, `@charter/enforcement/kafka`, `/nest`, `/http`).
    for (const entry of ['testing', 'node', 'kafka', 'nest', 'http']) {
      if (fs.existsSync(path.join(dir, name, 'src', entry, 'index.ts'))) {
        workspaceSources[`^@charter/${name}/${entry}$`] = path.join(dir, name, 'src', entry, 'index.ts');
      }
    }
  }
}

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/**
 * @param {string} dir absolute path of the package
 * @param {{ pglite?: boolean }} [options] `pglite`: the package's tests open the embedded database. PGlite's CommonJS
 *   build loads its WebAssembly with dynamic import(), which Jest's CommonJS runtime cannot run without
 *   --experimental-vm-modules; transforming its dist turns those into require().
 * @returns {import('jest').Config}
 */
function packageConfig(dir, options = {}) {
  const transform = { '^.+\\.(t|j)s$': ['@swc/jest', swcOptions] };
  if (!options.pglite) return baseConfig(dir, transform);
  return {
    ...baseConfig(dir, {
      ...transform,
      '^.+[\\\\/]@electric-sql[\\\\/]pglite[\\\\/]dist[\\\\/].+\\.c?js$': transform['^.+\\.(t|j)s$'],
    }),
    transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/@electric-sql\\+pglite|@electric-sql/pglite)'],
  };
}

function baseConfig(dir, transform) {
  return {
    displayName: path.relative(root, dir),
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform,
    moduleNameMapper: workspaceSources,
    testTimeout: 30_000,
  };
}

module.exports = { packageConfig };
