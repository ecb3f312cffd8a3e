/** A piece of JSON text and what it is, for highlighting without ever building HTML from the text. */
export interface JsonToken {
  kind: 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'space' | 'other';
  text: string;
}

const TOKEN =
  /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])|(\s+)|(.)/gsy;

/**
 * Splits JSON (or JSON-like) text into tokens; the texts joined give back the input exactly. A string followed by
 * a colon is a key.
 */
export function tokenizeJson(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null = TOKEN.exec(text);
  while (match !== null) {
    const [, string, colon, number, literal, punctuation, space] = match;
    if (string !== undefined) {
      tokens.push({ kind: colon ? 'key' : 'string', text: string });
      if (colon) tokens.push({ kind: 'punctuation', text: colon });
    } else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (literal !== undefined) tokens.push({ kind: 'literal', text: literal });
    else if (punctuation !== undefined) tokens.push({ kind: 'punctuation', text: punctuation });
    else if (space !== undefined) tokens.push({ kind: 'space', text: space });
    else tokens.push({ kind: 'other', text: match[0] });
    match = TOKEN.exec(text);
  }
  return tokens;
}

/** The schema text as people read it: JSON pretty-printed (two spaces), anything else as given. */
export function formatSchemaText(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema;
  }
}
