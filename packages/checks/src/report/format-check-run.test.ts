import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CheckResult, CheckRunDocument } from './check-run';
import { createCheckRun } from './create-check-run';
import { formatCheckRun } from './format-check-run';
import { escapeXml } from './format-junit';
import { escapeMarkdown } from './format-markdown';
import { summarizeResults } from './summarize-results';

function result(id: string, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    success: true,
    severity: 'error',
    expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'order_id' } },
    result: { element_count: 10, unexpected_count: 0, unexpected_percent: 0 },
    ...overrides,
  };
}

function run(results: CheckResult[]): CheckRunDocument {
  return createCheckRun({
    kind: 'checkpoint',
    runId: '0b7f2c8e-93a4-4bb1-9a51-7f0c7c7d2a10',
    startedAt: new Date('2026-12-01T10:00:00.000Z'),
    finishedAt: new Date('2026-12-01T10:00:01.500Z'),
    contract: { id: 'orders', version: '3.0.0' },
    source: { type: 'postgres', name: 'postgres://charter@db:5432/shop staging.orders' },
    results,
  });
}

const failing = result('amount_cents.minimum', {
  success: false,
  expectation_config: {
    expectation_type: 'expect_column_values_to_be_between',
    kwargs: { column: 'amount_cents', min_value: 0 },
  },
  result: { element_count: 10, unexpected_count: 2, unexpected_percent: 20, partial_unexpected_list: [-1, -5] },
  message: 'orders.amount_cents: 2 of 10 values below 0',
});
const hostile = result('note|<b>&"\'', {
  success: false,
  message: 'pipe | angle <x> amp & quote " apos \' newline\nnext ]]> ctrl \u0001 end',
});
const refused = result('quality.no_writes', {
  success: false,
  expectation_config: { expectation_type: 'expect_sql_rule', kwargs: { query: 'delete from orders' } },
  result: {},
  exception_info: { code: 'sql-rule-writes', message: 'the rule tried to write in a read-only transaction' },
});
const warning = result('coupon_code.null_percent', { success: false, severity: 'warning', message: 'too many nulls' });

describe('summarizeResults', () => {
  it.each<[string, CheckResult[], CheckRunDocument['statistics']]>([
    [
      'no results',
      [],
      { evaluated_expectations: 0, successful_expectations: 0, unsuccessful_expectations: 0, success_percent: 100 },
    ],
    [
      'all pass',
      [result('a'), result('b')],
      { evaluated_expectations: 2, successful_expectations: 2, unsuccessful_expectations: 0, success_percent: 100 },
    ],
    [
      'one of three fails',
      [result('a'), result('b'), failing],
      { evaluated_expectations: 3, successful_expectations: 2, unsuccessful_expectations: 1, success_percent: 66.67 },
    ],
    [
      'warnings count as unsuccessful',
      [warning],
      { evaluated_expectations: 1, successful_expectations: 0, unsuccessful_expectations: 1, success_percent: 0 },
    ],
  ])('%s', (_name, results, expected) => {
    expect(summarizeResults(results)).toEqual(expected);
  });
});

describe('createCheckRun', () => {
  it.each<[string, CheckResult[], boolean]>([
    ['all pass', [result('a')], true],
    ['a failing error fails the run', [result('a'), failing], false],
    ['a failing warning alone does not', [result('a'), warning], true],
    ['an exception fails the run', [refused], false],
  ])('%s', (_name, results, success) => {
    expect(run(results).success).toBe(success);
  });
});

describe('formatCheckRun text', () => {
  it('prints one line per failing check, errors first, then the summary', () => {
    const text = formatCheckRun(run([result('a'), warning, failing, refused]), 'text');
    expect(text.trimEnd().split('\n')).toEqual([
      'FAIL amount_cents.minimum: orders.amount_cents: 2 of 10 values below 0',
      'FAIL quality.no_writes: sql-rule-writes: the rule tried to write in a read-only transaction',
      'WARN coupon_code.null_percent: too many nulls',
      'FAILED checkpoint orders 3.0.0 on postgres postgres://charter@db:5432/shop staging.orders: 4 checks, 1 passed, 3 failed (25% successful)',
    ]);
  });

  it('keeps a multi-line message on one line', () => {
    const lines = formatCheckRun(run([hostile]), 'text')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
  });

  it('falls back to the expectation and observed count when a result has no message', () => {
    const text = formatCheckRun(run([result('x', { success: false, message: undefined })]), 'text');
    expect(text).toContain('FAIL x: expect_column_values_to_not_be_null {"column":"order_id"}, observed 0');
  });
});

describe('formatCheckRun json', () => {
  it('round-trips the document', () => {
    const doc = run([failing, refused]);
    expect(JSON.parse(formatCheckRun(doc, 'json'))).toEqual(doc);
  });
});

describe('formatCheckRun junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' });

  it.each<[string, CheckResult[], { tests: string; failures: string; errors: string }]>([
    ['all pass', [result('a'), result('b')], { tests: '2', failures: '0', errors: '0' }],
    [
      'failure, error and warning',
      [result('a'), failing, refused, warning],
      { tests: '4', failures: '1', errors: '1' },
    ],
    ['hostile text', [hostile], { tests: '1', failures: '1', errors: '0' }],
  ])('%s is valid XML with one testcase per result', (_name, results, counts) => {
    const xml = formatCheckRun(run(results), 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parser.parse(xml).testsuites.testsuite;
    expect({ tests: suite.tests, failures: suite.failures, errors: suite.errors }).toEqual(counts);
    expect(suite.testcase.map((t: { name: string }) => t.name)).toEqual(results.map((r) => r.id));
  });

  it('carries the failure message and the exception code', () => {
    const xml = formatCheckRun(run([failing, refused]), 'junit');
    const [failure, error] = parser.parse(xml).testsuites.testsuite.testcase;
    expect(failure.failure.message).toBe('orders.amount_cents: 2 of 10 values below 0');
    expect(error.error.type).toBe('sql-rule-writes');
  });

  it('escapes any text into well-formed XML (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const xml = `<a b="${escapeXml(text)}" c='${escapeXml(text)}'>${escapeXml(text)}</a>`;
        return XMLValidator.validate(xml) === true;
      }),
      { seed: 15, numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1000) },
    );
  });
});

describe('formatCheckRun markdown', () => {
  const tableRows = (text: string) =>
    text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| |'));
  const checkIds = (rows: string[]) => rows.map((r) => r.split(' | ')[1]);
  const split = (md: string) => {
    const open = md.indexOf('<details>');
    return open < 0 ? { shown: md, collapsed: '' } : { shown: md.slice(0, open), collapsed: md.slice(open) };
  };

  it('shows the checks that did not pass in a table, errors first, and collapses the passing ones', () => {
    const md = formatCheckRun(run([result('a'), warning, failing, refused]), 'markdown');
    const { shown, collapsed } = split(md);
    expect(checkIds(tableRows(shown))).toEqual([
      '`amount_cents.minimum`',
      '`quality.no_writes`',
      '`coupon_code.null_percent`',
    ]);
    expect(collapsed).toMatch(/^<details>\n<summary>1 passed<\/summary>\n\n\| \| Check/);
    expect(checkIds(tableRows(collapsed))).toEqual(['`a`']);
    expect(collapsed.trimEnd().endsWith('\n\n</details>')).toBe(true);
    expect(md).toContain('### ❌ checkpoint orders 3.0.0');
  });

  it('keeps 2 failures on top of 44 passes', () => {
    const passes = Array.from({ length: 44 }, (_, n) => result(`check_${n}`));
    const md = formatCheckRun(run([...passes.slice(0, 20), failing, ...passes.slice(20), refused]), 'markdown');
    const { shown, collapsed } = split(md);
    expect(checkIds(tableRows(shown))).toEqual(['`amount_cents.minimum`', '`quality.no_writes`']);
    expect(collapsed).toContain('<summary>44 passed</summary>');
    expect(tableRows(collapsed)).toHaveLength(44);
  });

  it('has no table of failures when all pass, and no details block when none does', () => {
    const allPass = formatCheckRun(run([result('a'), result('b')]), 'markdown');
    expect(split(allPass).shown).not.toContain('| |');
    expect(allPass).toContain('<summary>2 passed</summary>');
    expect(allPass).toContain('### ✅ checkpoint orders 3.0.0 on postgres');
    expect(allPass).toContain('all 2 checks passed');
    const nonePass = formatCheckRun(run([failing]), 'markdown');
    expect(nonePass).not.toContain('<details>');
    expect(checkIds(tableRows(nonePass))).toEqual(['`amount_cents.minimum`']);
    expect(formatCheckRun(run([result('a'), warning]), 'markdown')).toContain('passed, with 1 warning(s) of 2 checks');
  });

  it('a hostile passing check cannot close the details block or open HTML', () => {
    const md = formatCheckRun(
      run([result('x', { id: 'id\n</details>' }), result('y', { result: { observed_value: '<b>no</b>' } }), failing]),
      'markdown',
    );
    expect(md.split('\n').filter((line) => line === '</details>')).toHaveLength(1);
    expect(md).not.toContain('<b>');
  });

  it('keeps a hostile message inside its cell', () => {
    const md = formatCheckRun(run([hostile]), 'markdown');
    const row = md.split('\n').find((line) => line.startsWith('| ❌'))!;
    const unescapedPipes = row.match(/(?<!\\)\|/g) ?? [];
    expect(unescapedPipes).toHaveLength(7);
    expect(row).not.toContain('<x>');
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['<script>', '&lt;script&gt;'],
    ['line\nbreak', 'line<br>break'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
  ])('escapes %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});
