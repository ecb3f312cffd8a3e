// Bad inputs tried: table pipes (`a|b`), HTML (`<script>`, `<img onerror>`, entities like `&lt;`), mentions
// (`@team`, `@org/team`), emphasis and code (`**x**`, `` ` ``), links and images (`[x](y)`, `![x](y)`), line breaks
// (\n, \r\n), NUL and other control characters, backslashes before a pipe (`\|`, `\\|`), heading and list markers at
// the start (`# `, `- `, `1. `), and any string fast-check makes of these or of arbitrary code points.
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { escapeMarkdown, fenceCode } from './escape-markdown';

const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1000) };

/** What the escaped text is made of, and nothing else: escapes, our entities, `@` + ZWSP, inert characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the escaping replaces
const ESCAPED = /^(?:\\[!-/:-?[-`{-~]|&(?:lt|gt|amp);|@\u200b|[^\0-\x1f\x7f!-/:-@[-`{-~])*$/u;

/** The text escapeMarkdown keeps: line breaks and tabs as spaces, other control characters as U+FFFD. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the escaping replaces
const normalize = (text: string) => text.replace(/[\t\n\v\f\r]/g, ' ').replace(/[\0-\x1f\x7f]/g, '\ufffd');

const HOSTILE = [
  '|',
  '\\',
  '<script>',
  '</td>',
  '<img src=x onerror=alert(1)>',
  '&lt;',
  '&#64;',
  '@team',
  '@org/team',
  '**',
  '`',
  '```',
  '[x](https://example.com)',
  '![x](y)',
  '# ',
  '- ',
  '1. ',
  '\n',
  '\r\n',
  '\0',
  '~~',
  ':tada:',
  '_',
  'a',
  ' ',
  'é',
  '😀',
];
const hostileText = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const markdown = new MarkdownIt({ html: true, linkify: true });

/** The HTML GitHub-flavoured Markdown makes of a two-column table whose first body cell is `cell`. */
function renderRow(cell: string): string {
  return markdown.render(`| field | other |\n| --- | --- |\n| ${cell} | x |\n`);
}

const decodeEntities = (html: string) =>
  html.replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name]!);

describe('escapeMarkdown', () => {
  it.each([
    ['a|b<script>**x**`', 'a\\|b&lt;script&gt;\\*\\*x\\*\\*\\`'],
    ['@team', '@\u200bteam'],
    ['line\r\nbreak', 'line  break'],
    ['nul\0', 'nul\ufffd'],
    ['plain_name', 'plain\\_name'],
    ['amount', 'amount'],
  ])('escapes %j as %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });

  it('leaves no unescaped table, HTML, Markdown or mention metacharacter', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(escapeMarkdown(text)).toMatch(ESCAPED);
      }),
      RUNS,
    );
  });

  it('loses nothing: undoing the escapes gives the text back', () => {
    const undoEscapes = (escaped: string) =>
      escaped.replace(/\\([!-/:-@[-`{-~])|&(lt|gt|amp);|@\u200b/g, (_match, punctuation?: string, entity?: string) =>
        punctuation ? punctuation : entity ? { lt: '<', gt: '>', amp: '&' }[entity]! : '@',
      );
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(undoEscapes(escapeMarkdown(text))).toBe(normalize(text));
      }),
      RUNS,
    );
  });

  it('renders as one table cell holding exactly the text, with no element of its own (markdown-it as oracle)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = renderRow(escapeMarkdown(text));
        const row = /<tbody>\n<tr>\n([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
        const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!);
        expect(cells).toHaveLength(2);
        expect(cells[0]).not.toMatch(/</);
        expect(cells[1]).toBe('x');
        const shown = decodeEntities(cells[0]!).replaceAll('\u200b', '');
        expect(shown).toBe(normalize(text).replaceAll('\u200b', '').trim());
      }),
      RUNS,
    );
  });
});

describe('fenceCode', () => {
  it('is never closed early by backticks in the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('`', '```', '````', 'a', '\n', '<b>', '@team'), { maxLength: 20 }),
        (parts) => {
          const text = parts.join('');
          const html = markdown.render(fenceCode(text));
          const code = /^<pre><code>([\s\S]*)<\/code><\/pre>\n$/.exec(html)?.[1];
          expect(code === undefined ? html : decodeEntities(code)).toBe(`${text}\n`);
        },
      ),
      RUNS,
    );
  });
});
