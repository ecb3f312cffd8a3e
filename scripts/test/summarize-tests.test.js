const { execFile } = require('node:child_process');
const { mkdtemp, rm, writeFile } = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { main, summarize } = require('../summarize-tests');

const ROOT = '/repo';
const SUMMARY_LINE = /^\d+ passed, \d+ failed$/;

/** A suite as Jest's --json reports it: `seconds` long, with one assertion per status given. */
function suite(file, seconds, statuses = ['passed'], status = statuses.includes('failed') ? 'failed' : 'passed') {
  return {
    name: `${ROOT}/${file}`,
    status,
    startTime: 1_000_000,
    endTime: 1_000_000 + seconds * 1000,
    assertionResults: statuses.map((s) => ({ status: s })),
  };
}

function results(suites) {
  const count = (s) => suites.flatMap((x) => x.assertionResults).filter((a) => a.status === s).length;
  return { numPassedTests: count('passed'), numFailedTests: count('failed'), testResults: suites };
}

/** Runs `main` on a results object written to a file; returns its status and what it printed, in order. */
async function run(value, checks = []) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'summarize-'));
  try {
    const file = path.join(dir, 'results.json');
    await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
    const printed = [];
    const status = main([file, ...checks], {
      cwd: ROOT,
      out: (line) => printed.push(['out', line]),
      err: (line) => printed.push(['err', line]),
    });
    return { status, printed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('summarize-tests', () => {
  const seven = [
    suite('packages/a/src/a.test.ts', 0.4),
    suite('packages/b/test/b.test.ts', 12.25),
    suite('apps/x/test/e2e/x.e2e.test.ts', 41.2),
    suite('packages/c/src/c.test.ts', 0.1),
    suite('apps/x/test/e2e/y.e2e.test.ts', 7),
    suite('packages/d/test/d.property.test.ts', 18),
    suite('packages/e/src/e.test.ts', 3.5),
  ];

  it('lists the five slowest files, slowest first, with paths relative to the root', () => {
    expect(summarize(results(seven), [], ROOT).slowest).toEqual([
      { file: 'apps/x/test/e2e/x.e2e.test.ts', seconds: 41.2 },
      { file: 'packages/d/test/d.property.test.ts', seconds: 18 },
      { file: 'packages/b/test/b.test.ts', seconds: 12.25 },
      { file: 'apps/x/test/e2e/y.e2e.test.ts', seconds: 7 },
      { file: 'packages/e/src/e.test.ts', seconds: 3.5 },
    ]);
  });

  it('prints the summary line on its own, then the slowest files after it on stderr', async () => {
    const { status, printed } = await run(results(seven));
    expect(status).toBe(0);
    expect(printed.filter(([stream]) => stream === 'out')).toEqual([['out', '7 passed, 0 failed']]);
    expect(printed).toEqual([
      ['out', '7 passed, 0 failed'],
      ['err', '[charter] slowest 5 test file(s):'],
      ['err', '[charter]   41.2 s  apps/x/test/e2e/x.e2e.test.ts'],
      ['err', '[charter]   18.0 s  packages/d/test/d.property.test.ts'],
      ['err', '[charter]   12.3 s  packages/b/test/b.test.ts'],
      ['err', '[charter]    7.0 s  apps/x/test/e2e/y.e2e.test.ts'],
      ['err', '[charter]    3.5 s  packages/e/src/e.test.ts'],
    ]);
  });

  it('lists fewer files when fewer ran, and leaves out a suite with no timing', async () => {
    const untimed = { ...suite('packages/f/src/f.test.ts', 0), startTime: 0, endTime: 0 };
    const { printed } = await run(results([suite('packages/a/src/a.test.ts', 2), untimed]));
    expect(printed.slice(1)).toEqual([
      ['err', '[charter] slowest 1 test file(s):'],
      ['err', '[charter]   2.0 s  packages/a/src/a.test.ts'],
    ]);
  });

  it('counts failed tests, suites that failed to load, and failed checks; names skipped suites', async () => {
    const suites = [
      suite('packages/a/src/a.test.ts', 1, ['passed', 'failed', 'failed']),
      suite('packages/b/src/b.test.ts', 1, [], 'failed'),
      suite('packages/c/test/c-conformance.test.ts', 1, ['pending', 'pending']),
    ];
    const { status, printed } = await run(results(suites), ['typecheck', 'lint']);
    expect(status).toBe(1);
    expect(printed.slice(0, 4)).toEqual([
      ['err', '[charter] skipped 2 test(s) in packages/c/test/c-conformance.test.ts'],
      ['err', '[charter] check failed: typecheck'],
      ['err', '[charter] check failed: lint'],
      ['out', '1 passed, 5 failed'],
    ]);
  });

  it('fails when nothing passed, and when there are no Jest results', async () => {
    expect((await run(results([]))).status).toBe(1);
    const { status, printed } = await run('{"not":"jest"}', ['lint']);
    expect(status).toBe(1);
    expect(printed.filter(([stream]) => stream === 'out')).toEqual([['out', '0 passed, 2 failed']]);
    expect(printed.some(([, line]) => line.startsWith('[charter] slowest'))).toBe(false);
  });

  it('as a command, keeps the summary the last line of stdout, the slowest files on stderr, and the status', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'summarize-'));
    const command = (file) =>
      promisify(execFile)(process.execPath, [require.resolve('../summarize-tests'), file], { cwd: dir }).then(
        (output) => ({ status: 0, ...output }),
        (error) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    try {
      const passing = path.join(dir, 'passing.json');
      await writeFile(passing, JSON.stringify(results(seven)));
      const ok = await command(passing);
      expect(ok.status).toBe(0);
      expect(ok.stdout.trimEnd().split('\n')).toEqual(['7 passed, 0 failed']);
      expect(ok.stdout.trimEnd().split('\n').at(-1)).toMatch(SUMMARY_LINE);
      const slow = ok.stderr.trimEnd().split('\n');
      expect(slow).toHaveLength(6);
      expect(slow[1]).toMatch(/^\[charter\] {3}41\.2 s {2}\S+x\.e2e\.test\.ts$/);

      const failing = path.join(dir, 'failing.json');
      await writeFile(failing, JSON.stringify(results([suite('packages/a/src/a.test.ts', 1, ['passed', 'failed'])])));
      expect(await command(failing)).toMatchObject({ status: 1, stdout: '1 passed, 1 failed\n' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
