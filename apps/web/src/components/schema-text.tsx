import { useMemo } from 'react';
import { tokenizeJson } from './json-tokens';

/** One line of schema text, highlighted with spans (React escapes every text; no HTML is ever built). */
export function HighlightedLine({ text }: { text: string }) {
  const tokens = useMemo(() => tokenizeJson(text), [text]);
  return (
    <>
      {tokens.map((token, index) =>
        token.kind === 'space' || token.kind === 'other' ? (
          <span key={index}>{token.text}</span>
        ) : (
          <span key={index} className={`tok-${token.kind}`}>
            {token.text}
          </span>
        ),
      )}
    </>
  );
}

/** A whole schema, highlighted, in a labelled scrollable block. */
export function SchemaText({ text, label }: { text: string; label: string }) {
  const lines = useMemo(() => text.split('\n'), [text]);
  return (
    <section aria-label={label}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must be reachable by keyboard (axe scrollable-region-focusable) */}
      <pre className="schema-text" tabIndex={0}>
        <code>
          {lines.map((line, index) => (
            <span key={index} className="line">
              <HighlightedLine text={line} />
              {'\n'}
            </span>
          ))}
        </code>
      </pre>
    </section>
  );
}
