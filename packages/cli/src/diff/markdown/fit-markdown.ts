import type { MarkdownSection } from './format-diff-markdown';

/** What a cut document left out: whole sections, and the rows of the table it was cut inside (not counted in them). */
export interface Omitted {
  sections: number;
  total: number;
  /** The table cut between two rows, if any: its section's title and how many of its rows are shown. */
  table?: { title: string; shown: number; rows: number };
}

export interface FitMarkdownOptions {
  /** The most the result may measure. */
  limit: number;
  /** How to measure (GitHub counts a comment in characters, a job summary in bytes). */
  measure?: (text: string) => number;
  /** Always kept, before the sections (e.g. a comment's hidden marker). */
  head?: string;
  /** The note that ends a cut document. */
  truncated: (omitted: Omitted) => string;
}

const SEPARATOR = '\n\n';

/** A section's full text: its Markdown, then its table rows. */
export function sectionText(section: MarkdownSection): string {
  return section.rows && section.rows.length > 0 ? `${section.markdown}\n${section.rows.join('\n')}` : section.markdown;
}

/**
 * `head` and as many whole sections as fit under `limit`, in order; when some are left out, the text ends with the
 * `truncated` note. A section is cut only between two rows of its table (never inside a row or a code block), and
 * only when at least one row fits; otherwise it is left out whole.
 */
export function fitMarkdown(sections: MarkdownSection[], options: FitMarkdownOptions): string {
  const measure = options.measure ?? ((text: string) => text.length);
  const parts = options.head === undefined ? [] : [options.head];
  const whole = [...parts, ...sections.map(sectionText)].join(SEPARATOR);
  if (measure(whole) <= options.limit) return whole;
  // The note is measured at its longest (every section and row omitted) so that whatever is kept, it still fits.
  const longestRows = Math.max(0, ...sections.map((section) => section.rows?.length ?? 0));
  const longestTitle = sections.reduce((longest, section) => Math.max(longest, measure(section.title)), 0);
  const reserve = measure(
    SEPARATOR +
      options.truncated({
        sections: sections.length,
        total: sections.length,
        table: { title: 'x'.repeat(longestTitle), shown: longestRows, rows: longestRows },
      }),
  );
  const budget = options.limit - reserve;
  const separator = measure(SEPARATOR);
  let size = measure(parts.join(SEPARATOR));
  let kept = 0;
  let table: Omitted['table'];
  for (const section of sections) {
    const lead = parts.length > 0 ? separator : 0;
    const text = sectionText(section);
    if (size + lead + measure(text) <= budget) {
      parts.push(text);
      size += lead + measure(text);
      kept += 1;
      continue;
    }
    const rows = section.rows ?? [];
    let cut = size + lead + measure(section.markdown);
    let shown = 0;
    while (shown < rows.length && cut + 1 + measure(rows[shown]!) <= budget) cut += 1 + measure(rows[shown++]!);
    if (shown > 0) {
      parts.push(sectionText({ ...section, rows: rows.slice(0, shown) }));
      table = { title: section.title, shown, rows: rows.length };
    }
    break;
  }
  const omitted = sections.length - kept - (table ? 1 : 0);
  parts.push(options.truncated({ sections: omitted, total: sections.length, ...(table ? { table } : {}) }));
  return parts.join(SEPARATOR);
}

/** `2520 of 3000 rows of Reasons and 3003 of 3005 sections`, for a truncation note. */
export function describeOmitted(omitted: Omitted): string {
  const { table } = omitted;
  const rows = table ? `${table.rows - table.shown} of ${table.rows} rows of ${table.title} and ` : '';
  return `${rows}${omitted.sections} of ${omitted.total} sections`;
}
