// Reads Jest's --json output and prints the one summary line CI understands: `N passed, N failed` (stdout, a line of
// its own and the last line on stdout), then the five slowest test files (stderr, after it).
// Extra arguments name failed pre-test checks (typecheck, lint); each counts as one failure.
const fs = require('node:fs');
const path = require('node:path');

const SLOWEST_COUNT = 5;

/**
 * @param {any} results Jest's --json output
 * @param {string[]} failedChecks names of failed pre-test checks
 * @param {string} root directory the reported paths are made relative to
 * @returns {{ passed: number, failed: number, notes: string[], slowest: { file: string, seconds: number }[] }}
 */
function summarize(results, failedChecks, root) {
  if (!Number.isInteger(results?.numPassedTests) || !Array.isArray(results.testResults)) {
    throw new Error('not the output of jest --json');
  }
  const passed = results.numPassedTests;
  let failed = results.numFailedTests + failedChecks.length;
  const notes = [];
  const durations = [];
  for (const suite of results.testResults) {
    const file = path.relative(root, suite.name);
    // A suite that fails to load (syntax error, failing beforeAll) has no failed test: count it.
    if (suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')) failed += 1;
    // Skipped suites (e.g. a conformance suite whose third-party schema is absent) are named, never silent.
    const skipped = suite.assertionResults.filter((a) => a.status === 'pending' || a.status === 'skipped').length;
    if (skipped > 0) notes.push(`skipped ${skipped} test(s) in ${file}`);
    if (suite.startTime > 0 && suite.endTime >= suite.startTime) {
      durations.push({ file, seconds: (suite.endTime - suite.startTime) / 1000 });
    }
  }
  const slowest = durations
    .sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file))
    .slice(0, SLOWEST_COUNT);
  return { passed, failed, notes, slowest };
}

/** The lines printed after the summary line: a heading and one `<seconds> s  <file>` line per slow file. */
function slowestLines(slowest) {
  if (slowest.length === 0) return [];
  const width = Math.max(...slowest.map((entry) => entry.seconds.toFixed(1).length));
  return [
    `[charter] slowest ${slowest.length} test file(s):`,
    ...slowest.map((entry) => `[charter]   ${entry.seconds.toFixed(1).padStart(width)} s  ${entry.file}`),
  ];
}

/** Runs the command line; returns the exit status (0 only when nothing failed and something passed). */
function main(argv, { cwd = process.cwd(), out = console.log, err = console.error } = {}) {
  const [file, ...failedChecks] = argv;
  let summary;
  try {
    summary = summarize(JSON.parse(fs.readFileSync(file, 'utf8')), failedChecks, cwd);
  } catch (error) {
    err(`[charter] no Jest results in ${file}: ${error.message}`);
    summary = { passed: 0, failed: failedChecks.length + 1, notes: [], slowest: [] };
  }
  for (const note of summary.notes) err(`[charter] ${note}`);
  for (const check of failedChecks) err(`[charter] check failed: ${check}`);
  out(`${summary.passed} passed, ${summary.failed} failed`);
  for (const line of slowestLines(summary.slowest)) err(line);
  return summary.failed === 0 && summary.passed > 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

module.exports = { main, slowestLines, summarize };
