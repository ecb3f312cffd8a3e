const { packageConfig } = require('../../jest.preset.js');

// @octokit/rest 22 and its dependencies ship ES modules only: Jest's CommonJS runtime needs them transformed (the
// built CLI loads them with Node's require(esm), the bundle inlines them). A path is left alone when any
// `/node_modules/<name>` in it is not one of these (pnpm paths hold `.pnpm/` first, then the package's name).
const ESM_ONLY = ['@octokit', 'before-after-hook', 'universal-user-agent', 'json-with-bigint', 'content-type'];

module.exports = {
  ...packageConfig(__dirname),
  transformIgnorePatterns: [`/node_modules/(?!\\.pnpm/|(${ESM_ONLY.join('|')})/)`],
};
