import type { DiffReport } from '../diff-report';
import { describeOmitted, fitMarkdown } from '../markdown/fit-markdown';
import { renderDiffMarkdown } from '../markdown/format-diff-markdown';
import type { IssueComment, IssueComments } from './issue-comments';

/** The hidden first line of charter diff's comment: what finds it again on the next run. */
export const COMMENT_MARKER = '<!-- charter-diff -->';
/** GitHub refuses a comment body longer than this (in characters). */
export const COMMENT_LIMIT = 65_536;

/** What the previous run's comment recorded in its hidden state line. */
export interface CommentState {
  verdict: DiffReport['verdict'];
  /** Whether any run on this pull request was blocked. */
  wasBlocked: boolean;
}

/** The hidden line after the marker: which `--path` the comment is about (two gates on one repository), and state. */
function stateLine(path: string, state: CommentState): string {
  return `<!-- charter-diff path=${encodePath(path)} verdict=${state.verdict} was-blocked=${state.wasBlocked} -->`;
}

const encodePath = (path: string) => encodeURIComponent(path || '.');

/** The state of the comment for `path`, when `body` is one (it starts with the marker and names the same path). */
export function readCommentState(body: string, path: string): CommentState | undefined {
  if (!body.startsWith(`${COMMENT_MARKER}\n`)) return undefined;
  const match = /^<!-- charter-diff path=(\S+) verdict=(pass|blocked) was-blocked=(true|false) -->$/m.exec(
    body.split('\n')[1] ?? '',
  );
  if (!match || match[1] !== encodePath(path)) return undefined;
  return { verdict: match[2] as CommentState['verdict'], wasBlocked: match[3] === 'true' };
}

/**
 * The comment for `report`: the marker and state, a "resolved" note when an earlier run was blocked and this one
 * passes, then the report's sections as long as they fit under GitHub's limit, and a link to the full job summary.
 */
export function buildComment(report: DiffReport, options: { previous?: CommentState; runUrl?: string }): string {
  const wasBlocked = report.verdict === 'blocked' || options.previous?.wasBlocked === true;
  const head = [COMMENT_MARKER, stateLine(report.path, { verdict: report.verdict, wasBlocked })];
  if (report.verdict === 'pass' && options.previous?.wasBlocked)
    head.push(
      '',
      '> [!NOTE]',
      '> **Resolved**: an earlier run of this gate blocked the pull request; with the latest push it passes.',
    );
  const summary = options.runUrl ? `[job summary](${options.runUrl})` : 'job summary of the run';
  const sections = [
    ...renderDiffMarkdown(report),
    { title: 'Footer', markdown: `<sub>Full report with every reason: the ${summary}.</sub>` },
  ];
  return fitMarkdown(sections, {
    limit: COMMENT_LIMIT,
    head: head.join('\n'),
    truncated: (omitted) =>
      `**Truncated**: ${describeOmitted(omitted)} did not fit in a comment (GitHub allows ${COMMENT_LIMIT} characters). The full report is in the ${summary}.`,
  });
}

/**
 * Creates charter diff's comment on the pull request, or updates it in place: the first comment (oldest first,
 * through every page) that starts with the marker and names the same path. Other comments are never touched.
 */
export async function upsertStickyComment(options: {
  comments: IssueComments;
  report: DiffReport;
  runUrl?: string;
}): Promise<{ action: 'created' | 'updated'; comment: IssueComment; resolved: boolean }> {
  let found: { comment: IssueComment; state: CommentState } | undefined;
  for await (const page of options.comments.pages()) {
    for (const comment of page) {
      const state = readCommentState(comment.body, options.report.path);
      if (state) {
        found = { comment, state };
        break;
      }
    }
    if (found) break;
  }
  const body = buildComment(options.report, {
    ...(found ? { previous: found.state } : {}),
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
  });
  const resolved = options.report.verdict === 'pass' && found?.state.wasBlocked === true;
  if (found) return { action: 'updated', comment: await options.comments.update(found.comment.id, body), resolved };
  return { action: 'created', comment: await options.comments.create(body), resolved };
}
