const { execFile } = require('node:child_process');
const { mkdtemp, readFile, rm, writeFile } = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { mergeResults } = require('../merge-test-results');
const { summarize } = require('../summarize-tests');

const suite = (name, status) => ({
  name: `/repo/${name}`,
  status,
  startTime: 1,
  endTime: 2,
  assertionResults: [{ status }],
});
const run = (suites) => ({
  success: suites.every((s) => s.status === 'passed'),
  numPassedTests: suites.filter((s) => s.status === 'passed').length,
  numFailedTests: suites.filter((s) => s.status === 'failed').length,
  testResults: suites,
});

describe('mergeResults', () => {
  it('adds the counts and keeps every suite, so the summary line covers both phases', () => {
    const merged = mergeResults(run([suite('a', 'passed'), suite('b', 'passed')]), run([suite('d', 'failed')]));
    expect(merged.numPassedTests).toBe(2);
    expect(merged.numFailedTests).toBe(1);
    expect(merged.success).toBe(false);
    expect(merged.testResults.map((s) => s.name)).toEqual(['/repo/a', '/repo/b', '/repo/d']);
    expect(summarize(merged, [], '/repo')).toMatchObject({ passed: 2, failed: 1 });
  });

  it('exits 1 when the second phase wrote nothing, leaving the first file as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'merge-'));
    try {
      const first = path.join(dir, 'first.json');
      await writeFile(first, JSON.stringify(run([suite('a', 'passed')])));
      const script = path.join(__dirname, '..', 'merge-test-results.js');
      await expect(
        promisify(execFile)(process.execPath, [script, first, path.join(dir, 'missing.json')]),
      ).rejects.toMatchObject({ code: 1 });
      expect(JSON.parse(await readFile(first, 'utf8')).numPassedTests).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
