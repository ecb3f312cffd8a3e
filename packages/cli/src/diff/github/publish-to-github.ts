import { appendFile } from 'node:fs/promises';
import type { DiffReport } from '../diff-report';
import { describeOmitted, fitMarkdown } from '../markdown/fit-markdown';
import { renderDiffMarkdown } from '../markdown/format-diff-markdown';
import { type GitHubEnvironment, readGitHubContext } from './github-context';
import { createOctokitIssueComments, GitHubApiError } from './issue-comments';
import { upsertStickyComment } from './sticky-comment';
import { ANNOTATIONS_PER_SEVERITY, formatAnnotations } from './workflow-commands';

/** GitHub keeps at most 1 MiB of job summary per step. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

export interface PublishToGitHubOptions {
  report: DiffReport;
  env: GitHubEnvironment;
  /** Where annotations go (the step's stdout, which the runner reads workflow commands from). */
  stdout: (text: string) => void;
  /** Where what happened is said in words. */
  stderr: (text: string) => void;
  /** How long one GitHub API request may take. */
  timeoutMs?: number;
}

/**
 * `--format github`: the report as the job summary (appended to $GITHUB_STEP_SUMMARY), annotations on the lines
 * of the reasons, and one sticky pull-request comment. Returns the GitHub API error when the comment failed, so
 * the caller can apply its --on-unreachable policy; the summary and annotations are written either way.
 */
export async function publishToGitHub(options: PublishToGitHubOptions): Promise<{ error?: GitHubApiError }> {
  const { report, stdout, stderr } = options;
  const context = readGitHubContext(options.env);
  const sections = renderDiffMarkdown(report);

  const annotations = formatAnnotations(report.reasons);
  const dropped = report.reasons.length - annotations.length;
  if (context.summaryFile) {
    const note =
      dropped > 0
        ? [
            {
              title: 'Annotations',
              markdown: `<sub>GitHub shows ${ANNOTATIONS_PER_SEVERITY} annotations of each kind per step: ${dropped} of the ${report.reasons.length} reasons are only listed here.</sub>`,
            },
          ]
        : [];
    const summary = fitMarkdown([...sections, ...note], {
      limit: SUMMARY_LIMIT_BYTES,
      measure: (text) => Buffer.byteLength(text, 'utf8'),
      truncated: (omitted) =>
        `**Truncated**: ${describeOmitted(omitted)} did not fit in a job summary (1 MiB). \`charter diff --format json\` gives the whole report.`,
    });
    await appendFile(context.summaryFile, `${summary}\n`);
  } else stderr('GITHUB_STEP_SUMMARY is not set: no job summary written\n');

  for (const line of annotations) stdout(`${line}\n`);

  if ('skipped' in context.comment) {
    stderr(`no pull request comment: ${context.comment.skipped}\n`);
    return {};
  }
  const { target } = context.comment;
  try {
    const comments = await createOctokitIssueComments(target, { timeoutMs: options.timeoutMs ?? 10_000 });
    const result = await upsertStickyComment({
      comments,
      report,
      ...(context.runUrl ? { runUrl: context.runUrl } : {}),
    });
    stderr(
      `pull request #${target.pullRequest}: comment ${result.comment.id} ${result.action}${result.resolved ? ' (resolved)' : ''}\n`,
    );
    return {};
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    return { error };
  }
}
