const { packageConfig } = require('../jest.preset.js');

// The repository's own scripts (summary line, specs download), tested as plain JavaScript.
module.exports = { ...packageConfig(__dirname), testMatch: ['<rootDir>/test/**/*.test.js'] };
