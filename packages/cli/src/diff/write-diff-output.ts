import type { DiffReport } from './diff-report';
import { formatDiffReport } from './format-diff-report';
import type { GitHubEnvironment } from './github/github-context';
import { publishToGitHub } from './github/publish-to-github';
import { formatDiffMarkdown } from './markdown/format-diff-markdown';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'github'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/**
 * Writes `report` in `format` and gives the exit code: 0 pass, 1 blocked, or 3 when GitHub could not take the
 * comment and the policy is `fail` (the summary and annotations are written either way).
 */
export async function writeDiffOutput(options: {
  report: DiffReport;
  format: DiffFormat;
  onUnreachable: 'fail' | 'warn';
  env: GitHubEnvironment;
}): Promise<number> {
  const { report, format } = options;
  const code = report.verdict === 'pass' ? 0 : 1;
  if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'markdown') process.stdout.write(`${formatDiffMarkdown(report)}\n`);
  else process.stderr.write(`${formatDiffReport(report)}\n`);
  if (format !== 'github') return code;
  const { error } = await publishToGitHub({
    report,
    env: options.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  if (!error) return code;
  const fail = options.onUnreachable === 'fail';
  process.stderr.write(`${fail ? 'error' : 'warning'} github-unreachable: ${error.message}\n`);
  return fail ? 3 : code;
}
