/** Slack mrkdwn: only `&`, `<` and `>` are control characters (links and mentions); Slack decodes these three. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * GitHub-flavoured Markdown: backslash-escape every character that could start markup (emphasis, code, links, HTML,
 * tables, headings, mentions-by-link) and turn newlines into spaces, so user text renders as the text it is.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~@&]/g, (character) => `\\${character}`);
}

/** Every string in `value`, however deep, through `escapeText`; other values as they are. */
export function escapeAll<T>(value: T, escapeText: (text: string) => string): T {
  if (typeof value === 'string') return escapeText(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeAll(item, escapeText)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeAll(item, escapeText)])) as T;
  }
  return value;
}

/** Cuts `text` to `limit` characters, ending with `suffix` when it had to (the suffix counts in the limit). */
export function truncate(text: string, limit: number, suffix: string): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, Math.max(0, limit - suffix.length))}${suffix}`;
}
