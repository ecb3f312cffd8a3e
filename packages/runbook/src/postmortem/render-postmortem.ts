import Handlebars from 'handlebars';
import type { PostmortemData } from './postmortem-data';

const handlebars = Handlebars.create();
/** A Markdown table cell: pipes escaped, line breaks as spaces, empty as a dash. */
handlebars.registerHelper('cell', (value: unknown) => {
  if (value === undefined || value === null || value === '') return '—';
  return String(value).replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
});
handlebars.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
);

/** The post-mortem as Markdown from a Handlebars template (`runbooks/postmortem.md.hbs`); unknown names fail. */
export function renderPostmortem(template: string, data: PostmortemData): string {
  return handlebars.compile(template, { noEscape: true, strict: true })(data);
}
