// Reads Jest's --json output and prints the one summary line CI understands: `N passed, N failed`.
// Extra arguments name failed pre-test checks (typecheck, lint); each counts as one failure.
const fs = require('node:fs');

const [file, ...failedChecks] = process.argv.slice(2);
let passed = 0;
let failed = failedChecks.length;
try {
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load (syntax error, failing beforeAll) has no failed test: count it.
  const root = `${process.cwd()}/`;
  for (const suite of results.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')) failed += 1;
    // Skipped suites (e.g. a conformance suite whose third-party schema is absent) are named, never silent.
    const skipped = suite.assertionResults.filter((a) => a.status === 'pending' || a.status === 'skipped').length;
    if (skipped > 0) console.error(`[charter] skipped ${skipped} test(s) in ${suite.name.replace(root, '')}`);
  }
} catch (error) {
  console.error(`[charter] no Jest results in ${file}: ${error.message}`);
  failed += 1;
}
for (const check of failedChecks) console.error(`[charter] check failed: ${check}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
