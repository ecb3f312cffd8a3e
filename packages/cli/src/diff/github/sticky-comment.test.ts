// Bad inputs tried: a comment quoting the marker (not at its start), charter's comment for another --path, a
// marker with no state line or a garbled one, a path holding `-->` and spaces.
import type { DiffReport } from '../diff-report';
import { buildComment, COMMENT_MARKER, readCommentState } from './sticky-comment';

const report = (verdict: DiffReport['verdict'], path = 'contracts'): DiffReport => ({
  base: 'main',
  head: 'HEAD',
  path,
  verdict,
  changes: [],
  reasons: [],
  impact: { status: 'not-assessed', reason: 'no --lineage-url given' },
  approvals: { status: 'not-checked', reason: 'no --registry-url given' },
});

describe('readCommentState', () => {
  it.each([
    [
      'charter comment for the path',
      buildComment(report('blocked'), {}),
      'contracts',
      { verdict: 'blocked', wasBlocked: true },
    ],
    [
      'a pass that was never blocked',
      buildComment(report('pass'), {}),
      'contracts',
      { verdict: 'pass', wasBlocked: false },
    ],
    ['another path', buildComment(report('blocked', 'schemas'), {}), 'contracts', undefined],
    [
      'a path with --> and spaces',
      buildComment(report('pass', 'a --> b'), {}),
      'a --> b',
      { verdict: 'pass', wasBlocked: false },
    ],
    ['the marker quoted by a person', `> ${COMMENT_MARKER}\n> hm`, 'contracts', undefined],
    ['the marker without a state line', `${COMMENT_MARKER}\nhello`, 'contracts', undefined],
    [
      'a garbled state line',
      `${COMMENT_MARKER}\n<!-- charter-diff path=contracts verdict=maybe was-blocked=true -->`,
      'contracts',
      undefined,
    ],
    ['another bot', '<!-- coverage -->\n81%', 'contracts', undefined],
  ])('%s', (_, body, path, expected) => {
    expect(readCommentState(body, path)).toEqual(expected);
  });
});

describe('buildComment', () => {
  it.each([
    ['blocked, first run', 'blocked', undefined, { verdict: 'blocked', wasBlocked: true }, false],
    [
      'blocked again',
      'blocked',
      { verdict: 'blocked', wasBlocked: true },
      { verdict: 'blocked', wasBlocked: true },
      false,
    ],
    [
      'pass after blocked',
      'pass',
      { verdict: 'blocked', wasBlocked: true },
      { verdict: 'pass', wasBlocked: true },
      true,
    ],
    [
      'pass again after blocked once',
      'pass',
      { verdict: 'pass', wasBlocked: true },
      { verdict: 'pass', wasBlocked: true },
      true,
    ],
    [
      'pass, never blocked',
      'pass',
      { verdict: 'pass', wasBlocked: false },
      { verdict: 'pass', wasBlocked: false },
      false,
    ],
  ] as const)('%s', (_, verdict, previous, state, resolved) => {
    const body = buildComment(report(verdict), previous ? { previous } : {});
    expect(body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(readCommentState(body, 'contracts')).toEqual(state);
    expect(body.includes('**Resolved**')).toBe(resolved);
  });

  it('links the full job summary when it knows the run', () => {
    expect(buildComment(report('pass'), { runUrl: 'https://github.com/a/b/actions/runs/1' })).toContain(
      '[job summary](https://github.com/a/b/actions/runs/1)',
    );
  });
});
