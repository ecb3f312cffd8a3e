/** ASCII punctuation: every character CommonMark lets a backslash escape, and the ones GFM tables split on. */
const PUNCTUATION = /[!-/:-@[-`{-~]/;
/** Line breaks and tabs would end a table row or start a code block: they become spaces. */
const WHITESPACE = /[\t\n\v\f\r]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
const CONTROL = /[\0-\x1f\x7f]/;
/** U+200B ZERO WIDTH SPACE: after `@`, GitHub no longer sees a mention (`@team` would notify the team). */
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Text from the repository (a field name, a file name, a message) as inert GitHub Markdown: safe inside a table
 * cell, a list item or a heading. HTML metacharacters become entities, every other ASCII punctuation character is
 * backslash-escaped (so `|` cannot split a cell, nor `*`, `_`, `` ` ``, `[` format or link anything), `@` is
 * followed by a zero-width space so it mentions nobody, line breaks become spaces and other control characters
 * U+FFFD.
 */
export function escapeMarkdown(text: string): string {
  let escaped = '';
  for (const char of text) {
    if (char === '<') escaped += '&lt;';
    else if (char === '>') escaped += '&gt;';
    else if (char === '&') escaped += '&amp;';
    else if (char === '@') escaped += `@${ZERO_WIDTH_SPACE}`;
    else if (WHITESPACE.test(char)) escaped += ' ';
    else if (CONTROL.test(char)) escaped += '\ufffd';
    else if (PUNCTUATION.test(char)) escaped += `\\${char}`;
    else escaped += char;
  }
  return escaped;
}

/** A fenced code block around `text` (e.g. a JSON request body), its fence longer than any backtick run inside. */
export function fenceCode(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}
