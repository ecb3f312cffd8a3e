import type { DiffReason } from '../diff-report';

/** GitHub shows at most this many annotations of each severity for a step; the rest are dropped. */
export const ANNOTATIONS_PER_SEVERITY = 10;

/** A workflow command's message, escaped as GitHub's toolkit does: `%`, `\r`, `\n`. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: the message's escapes, and `:` and `,` that would end it. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}

/**
 * The reasons as GitHub annotations on the lines they point at: `::error` for a blocking reason, `::warning` for
 * the others (notes, approved ones). At most ANNOTATIONS_PER_SEVERITY of each, as GitHub shows no more; the last
 * one shown says how many more there are and that the job summary lists them all.
 */
export function formatAnnotations(reasons: DiffReason[]): string[] {
  const lines: string[] = [];
  for (const [name, group] of [
    ['error', reasons.filter((reason) => reason.blocking)],
    ['warning', reasons.filter((reason) => !reason.blocking)],
  ] as const) {
    const shown = group.slice(0, ANNOTATIONS_PER_SEVERITY);
    shown.forEach((reason, index) => {
      const more = group.length - shown.length;
      const approved = reason.approvedBy ? ` (approved by ${reason.approvedBy.decidedBy})` : '';
      const tail =
        index === shown.length - 1 && more > 0
          ? `\n\n${more} more ${name === 'error' ? 'blocking reason(s)' : 'note(s)'} not annotated: the job summary lists all ${group.length}.`
          : '';
      lines.push(
        command(
          name,
          { file: reason.file, line: reason.line, title: `charter diff: ${reason.code}` },
          `${reason.message}${approved}${tail}`,
        ),
      );
    });
  }
  return lines;
}
