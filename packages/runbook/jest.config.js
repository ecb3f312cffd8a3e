const { packageConfig } = require('../../jest.preset.js');

module.exports = packageConfig(__dirname);
