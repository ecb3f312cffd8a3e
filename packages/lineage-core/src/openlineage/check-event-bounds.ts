import { isJsonObject } from './event-checker';
import { appendPointer } from './json-pointer';
import type { EventViolation } from './openlineage-event';
import { utf8ByteLength } from './utf8-byte-length';

export interface EventBounds {
  maxBytes: number;
  maxDepth: number;
}

interface Container {
  value: object;
  depth: number;
  parent?: Container;
  key?: string | number;
}

/**
 * Walks the value once, without recursion, before anything else looks at it: `too-deep` at the first object or array
 * nested deeper than `maxDepth`, `too-large` once its serialized size (estimated, never above the JSON text's) passes
 * `maxBytes`. Either stops the walk, so hostile or cyclic values cost at most the bounds.
 */
export function checkEventBounds(value: unknown, bounds: EventBounds): EventViolation | undefined {
  let bytes = 0;
  const stack: Container[] = [];
  const visit = (
    item: unknown,
    parent: Container | undefined,
    key: string | number | undefined,
  ): EventViolation | undefined => {
    if (typeof item === 'object' && item !== null) {
      const container: Container = { value: item, depth: (parent?.depth ?? 0) + 1, parent, key };
      if (container.depth > bounds.maxDepth) {
        return {
          path: pointerOf(container),
          code: 'too-deep',
          message: `nested deeper than ${bounds.maxDepth} objects and arrays`,
        };
      }
      stack.push(container);
      bytes += 2;
    } else if (typeof item === 'string') {
      bytes += utf8ByteLength(item, bounds.maxBytes) + 2;
    } else {
      bytes += String(item).length;
    }
    if (bytes > bounds.maxBytes) {
      return { path: '', code: 'too-large', message: `larger than ${bounds.maxBytes} bytes` };
    }
    return undefined;
  };

  let violation = visit(value, undefined, undefined);
  while (!violation && stack.length > 0) {
    const container = stack.pop()!;
    if (Array.isArray(container.value)) {
      for (let index = 0; index < container.value.length && !violation; index += 1) {
        if (index > 0) bytes += 1;
        violation = visit(container.value[index], container, index);
      }
    } else if (isJsonObject(container.value)) {
      const object = container.value;
      let separator = 3;
      // for…in over own keys: no entries arrays per object (this walk runs for every event).
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue;
        bytes += utf8ByteLength(key, bounds.maxBytes) + separator;
        separator = 4;
        violation = visit(object[key], container, key);
        if (violation) break;
      }
    }
  }
  return violation;
}

function pointerOf(container: Container): string {
  const keys: (string | number)[] = [];
  for (let at: Container | undefined = container; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().reduce<string>((pointer, key) => appendPointer(pointer, key), '');
}
