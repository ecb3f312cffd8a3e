import { escapeAll, escapeMarkdown } from '../escape';
import type { ImpactNotice } from '../impact-notice';
import { TEMPLATES } from '../templates';

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * A GitHub-flavoured Markdown comment. Over GitHub's limit, dataset rows are dropped from the end and a line says
 * how many, with a link — the comment is never refused.
 */
export function renderMarkdown(notice: ImpactNotice, limit = GITHUB_COMMENT_LIMIT): string {
  const safe = escapeAll(notice, escapeMarkdown);
  const link = notice.link.replace(/[()\s]/g, encodeURIComponent);
  let datasets = safe.datasets;
  for (;;) {
    const left = safe.datasets.length - datasets.length;
    const footer =
      left > 0 ? `\n_…and ${left} more dataset(s): [see the full impact](${link})_\n` : `\n[Full impact](${link})\n`;
    const body = `${TEMPLATES.markdown({ ...safe, datasets })}${footer}`;
    if (body.length <= limit || datasets.length === 0) return body.slice(0, limit);
    datasets = datasets.slice(0, Math.max(0, Math.floor(datasets.length * 0.9) - 1));
  }
}
