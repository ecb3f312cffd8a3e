import type { CheckResult, CheckRunDocument } from './check-run';
import { describeResult, describeRun, orderFailingFirst } from './describe-result';

const TABLE_HEAD = ['| | Check | Expectation | Observed | Unexpected | Message |', '|---|---|---|---|---|---|'];

/**
 * A Markdown report for a PR comment or a ticket: a heading with the verdict, a table of the checks that did not pass
 * (failing errors, then failing warnings and checks that could not be evaluated), and the passing ones collapsed in a
 * `<details>` block (GitHub renders it closed), so a long list of passes does not bury the failures.
 */
export function formatMarkdown(doc: CheckRunDocument): string {
  const { evaluated_expectations, unsuccessful_expectations } = doc.statistics;
  const heading = doc.success
    ? `### ✅ ${escapeMarkdown(describeRun(doc))}: ${
        unsuccessful_expectations === 0
          ? `all ${evaluated_expectations} checks passed`
          : `passed, with ${unsuccessful_expectations} warning(s) of ${evaluated_expectations} checks`
      }`
    : `### ❌ ${escapeMarkdown(describeRun(doc))}: ${unsuccessful_expectations} of ${evaluated_expectations} checks failed`;
  const ordered = orderFailingFirst(doc.results);
  const notPassed = ordered.filter((result) => !result.success);
  const passed = ordered.filter((result) => result.success);
  const lines = [heading, '', `Run \`${doc.run_id}\`, ${doc.started_at} to ${doc.finished_at}.`];
  if (notPassed.length > 0) lines.push('', ...TABLE_HEAD, ...notPassed.map(row));
  if (passed.length > 0) {
    // The blank lines around the table let GitHub render Markdown inside the HTML block.
    lines.push(
      '',
      '<details>',
      `<summary>${passed.length} passed</summary>`,
      '',
      ...TABLE_HEAD,
      ...passed.map(row),
      '',
      '</details>',
    );
  }
  return `${lines.join('\n')}\n`;
}

function row(result: CheckResult): string {
  const status = result.success ? '✅' : result.severity === 'error' ? '❌' : '⚠️';
  const { unexpected_count, unexpected_percent, observed_value } = result.result;
  const unexpected =
    unexpected_count === undefined
      ? ''
      : `${unexpected_count}${unexpected_percent === undefined ? '' : ` (${round(unexpected_percent)}%)`}`;
  const cells = [
    status,
    `\`${escapeCode(result.id)}\``,
    escapeMarkdown(result.expectation_config.expectation_type),
    observed_value === undefined ? '' : escapeMarkdown(JSON.stringify(observed_value)),
    unexpected,
    result.success ? '' : escapeMarkdown(describeResult(result)),
  ];
  return `| ${cells.join(' | ')} |`;
}

function round(percent: number): number {
  return Math.round(percent * 100) / 100;
}

/** Text safe inside a table cell: pipes escaped, HTML and Markdown emphasis neutralised, one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`))
    .replace(/\r?\n|\r/g, '<br>');
}

function escapeCode(text: string): string {
  return text
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}
