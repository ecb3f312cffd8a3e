import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * A post-mortem's Markdown as React elements. No rehype-raw: HTML in the Markdown is shown as text, never parsed, and
 * react-markdown's default URL transform drops `javascript:` and other unsafe links.
 */
export function PostmortemView({ markdown }: { markdown: string }) {
  return (
    <article className="postmortem" data-testid="postmortem">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml={false}>
        {markdown}
      </Markdown>
    </article>
  );
}
