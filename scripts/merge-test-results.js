// Folds a second Jest --json output (the drills' in-band run) into the first, so summarize-tests.js sees one run:
// counts added, suites concatenated. A missing or unreadable second file is an error (exit 1): a phase that did not
// report must not read as passed.
const fs = require('node:fs');

function mergeResults(first, second) {
  const sum = (key) => (first[key] ?? 0) + (second[key] ?? 0);
  return {
    ...first,
    success: first.success === true && second.success === true,
    numTotalTests: sum('numTotalTests'),
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numPendingTests: sum('numPendingTests'),
    numTotalTestSuites: sum('numTotalTestSuites'),
    numPassedTestSuites: sum('numPassedTestSuites'),
    numFailedTestSuites: sum('numFailedTestSuites'),
    numRuntimeErrorTestSuites: sum('numRuntimeErrorTestSuites'),
    testResults: [...(first.testResults ?? []), ...(second.testResults ?? [])],
  };
}

if (require.main === module) {
  const [target, extra] = process.argv.slice(2);
  try {
    const merged = mergeResults(
      JSON.parse(fs.readFileSync(target, 'utf8')),
      JSON.parse(fs.readFileSync(extra, 'utf8')),
    );
    fs.writeFileSync(target, JSON.stringify(merged));
  } catch (error) {
    process.stderr.write(`merge-test-results: ${error.message}\n`);
    process.exit(1);
  }
}

module.exports = { mergeResults };
