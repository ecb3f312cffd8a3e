// Root Jest config: every package and app that has a jest.config.js is a project, and so are the scripts' tests.
const path = require('node:path');
const fs = require('node:fs');

const projects = [];
for (const group of ['packages', 'apps']) {
  const dir = path.join(__dirname, group);
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir).sort()) {
    if (fs.existsSync(path.join(dir, name, 'jest.config.js'))) projects.push(`<rootDir>/${group}/${name}`);
  }
}
projects.push('<rootDir>/scripts');

/** @type {import('jest').Config} */
// testTimeout is a global option: project configs cannot set it. Service-backed tests need more than Jest's 5 s.
module.exports = { projects, testTimeout: 60_000 };
