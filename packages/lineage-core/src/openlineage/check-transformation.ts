import type { EventChecker } from './event-checker';
import { appendPointer } from './json-pointer';
import { TRANSFORMATION_SUBTYPES, TRANSFORMATION_TYPES, type TransformationType } from './openlineage-event';

/**
 * One transformation of a lineage input. The official schema only asks for a string `type`; Charter also requires
 * `type` to be DIRECT or INDIRECT (`unknown-transformation-type`) and a given `subtype` to be one listed for that type
 * (`unknown-transformation-subtype`).
 */
export function checkTransformation(checker: EventChecker, value: unknown, path: string): void {
  const transformation = checker.object(value, path, 'a transformation object');
  if (!transformation) return;
  const type = checker.string(transformation, 'type', path, { required: true });
  const subtype = checker.string(transformation, 'subtype', path);
  checker.string(transformation, 'description', path);
  checker.boolean(transformation, 'masking', path);
  if (type === undefined) return;
  if (!isTransformationType(type)) {
    checker.report(
      appendPointer(path, 'type'),
      'unknown-transformation-type',
      `transformation type must be one of ${TRANSFORMATION_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
    );
    return;
  }
  if (subtype !== undefined && !TRANSFORMATION_SUBTYPES[type].includes(subtype)) {
    checker.report(
      appendPointer(path, 'subtype'),
      'unknown-transformation-subtype',
      `a ${type} transformation's subtype must be one of ${TRANSFORMATION_SUBTYPES[type].join(', ')}, got ${JSON.stringify(subtype)}`,
    );
  }
}

function isTransformationType(type: string): type is TransformationType {
  return (TRANSFORMATION_TYPES as readonly string[]).includes(type);
}
