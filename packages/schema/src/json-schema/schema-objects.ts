import { escapePointerToken } from '../json-pointer';
import { isJsonObject } from '../parse-json-text';
import type { JsonValue } from '../types';

/** Keywords whose values are data, not schemas: never searched for `$id`, `$ref` or `$anchor`. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/**
 * Every object in a JSON Schema document that can be a schema, with its JSON pointer. Iterative, so a deep document
 * cannot overflow the stack.
 */
export function* schemaObjects(root: JsonValue, pointer = ''): Generator<[{ [key: string]: JsonValue }, string]> {
  const stack: Array<[JsonValue, string]> = [[root, pointer]];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i] as JsonValue, `${at}/${i}`]);
    } else if (isJsonObject(value)) {
      yield [value, at];
      for (const [key, child] of Object.entries(value)) {
        if (!DATA_KEYWORDS.has(key)) stack.push([child, `${at}/${escapePointerToken(key)}`]);
      }
    }
  }
}
