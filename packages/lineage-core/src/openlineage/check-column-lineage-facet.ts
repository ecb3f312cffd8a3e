import { checkTransformation } from './check-transformation';
import type { EventChecker } from './event-checker';

/**
 * `columnLineage` (ColumnLineageDatasetFacet): required `fields`, a map from output field to `{ inputFields }`, and
 * optional `dataset` inputs that affect every output field. Each input field names a dataset and one of its fields.
 */
export function checkColumnLineageFacet(checker: EventChecker, facet: Record<string, unknown>, path: string): void {
  checker.eachEntry(
    facet,
    'fields',
    path,
    (_name, value, fieldPath) => {
      const field = checker.object(value, fieldPath, 'an output field object');
      if (!field) return;
      checker.eachItem(
        field,
        'inputFields',
        fieldPath,
        (input, inputPath) => checkInputField(checker, input, inputPath),
        true,
      );
      checker.string(field, 'transformationDescription', fieldPath);
      checker.string(field, 'transformationType', fieldPath);
    },
    true,
  );
  checker.eachItem(facet, 'dataset', path, (input, inputPath) => checkInputField(checker, input, inputPath));
}

function checkInputField(checker: EventChecker, value: unknown, path: string): void {
  if (!checker.countInputField(path)) return;
  const input = checker.object(value, path, 'an input field object');
  if (!input) return;
  checker.string(input, 'namespace', path, { required: true, nonEmpty: true });
  checker.string(input, 'name', path, { required: true, nonEmpty: true });
  checker.string(input, 'field', path, { required: true });
  checker.eachItem(input, 'transformations', path, (item, itemPath) => checkTransformation(checker, item, itemPath));
}
