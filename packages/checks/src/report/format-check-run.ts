import type { CheckRunDocument, ReportFormat } from './check-run';
import { formatJunit } from './format-junit';
import { formatMarkdown } from './format-markdown';
import { formatText } from './format-text';

/** Renders a run for a terminal, a machine, CI (JUnit XML) or a PR comment (Markdown). */
export function formatCheckRun(doc: CheckRunDocument, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return formatText(doc);
    case 'json':
      return `${JSON.stringify(doc, null, 2)}\n`;
    case 'junit':
      return formatJunit(doc);
    case 'markdown':
      return formatMarkdown(doc);
  }
}
