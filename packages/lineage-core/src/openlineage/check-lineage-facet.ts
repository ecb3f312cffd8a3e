import { checkTransformation } from './check-transformation';
import type { EventChecker } from './event-checker';
import { appendPointer } from './json-pointer';

/**
 * The explicit `lineage` facet (LineageFacet.json). On a dataset (LineageDatasetFacet): optional `inputs` and
 * `fields` (target field → `{ inputs }`). On a job (LineageJobFacet): required `entries`, each a DATASET or JOB target
 * with its inputs. Every input is a DATASET (namespace and name required, optional field) or a JOB (namespace and
 * name together or neither, optional runId) source, told apart by `type`.
 */
export function checkLineageFacet(
  checker: EventChecker,
  facet: Record<string, unknown>,
  path: string,
  on: 'dataset' | 'job',
): void {
  if (on === 'dataset') {
    checkInputsAndFields(checker, facet, path);
    return;
  }
  checker.eachItem(facet, 'entries', path, (entry, entryPath) => checkEntry(checker, entry, entryPath), true);
}

function checkEntry(checker: EventChecker, value: unknown, path: string): void {
  const entry = checker.object(value, path, 'a lineage entry object');
  if (!entry) return;
  const type = checkEntityType(checker, entry, path);
  if (type === 'DATASET') {
    checkDatasetReference(checker, entry, path);
    checkInputsAndFields(checker, entry, path);
  } else if (type === 'JOB') {
    checkJobReference(checker, entry, path);
    checker.eachItem(entry, 'inputs', path, (input, inputPath) => checkInput(checker, input, inputPath));
  }
}

function checkInputsAndFields(checker: EventChecker, owner: Record<string, unknown>, path: string): void {
  checker.eachItem(owner, 'inputs', path, (input, inputPath) => checkInput(checker, input, inputPath));
  checker.eachEntry(owner, 'fields', path, (_name, value, fieldPath) => {
    const field = checker.object(value, fieldPath, 'a lineage field object');
    if (!field) return;
    checker.eachItem(field, 'inputs', fieldPath, (input, inputPath) => checkInput(checker, input, inputPath), true);
  });
}

function checkInput(checker: EventChecker, value: unknown, path: string): void {
  if (!checker.countInputField(path)) return;
  const input = checker.object(value, path, 'a lineage input object');
  if (!input) return;
  const type = checkEntityType(checker, input, path);
  if (type === 'DATASET') {
    checkDatasetReference(checker, input, path);
    checker.string(input, 'field', path);
  } else if (type === 'JOB') {
    checkJobReference(checker, input, path);
  }
  checker.eachItem(input, 'transformations', path, (item, itemPath) => checkTransformation(checker, item, itemPath));
}

function checkEntityType(
  checker: EventChecker,
  owner: Record<string, unknown>,
  path: string,
): 'DATASET' | 'JOB' | undefined {
  const type = checker.string(owner, 'type', path, { required: true });
  if (type === undefined || type === 'DATASET' || type === 'JOB') return type;
  checker.report(
    appendPointer(path, 'type'),
    'unknown-lineage-type',
    `type must be DATASET or JOB, got ${JSON.stringify(type)}`,
  );
  return undefined;
}

function checkDatasetReference(checker: EventChecker, owner: Record<string, unknown>, path: string): void {
  checker.string(owner, 'namespace', path, { required: true, nonEmpty: true });
  checker.string(owner, 'name', path, { required: true, nonEmpty: true });
}

/** A job is named by namespace and name together, or by neither (the event's own job). */
function checkJobReference(checker: EventChecker, owner: Record<string, unknown>, path: string): void {
  const hasNamespace = owner.namespace !== undefined;
  const hasName = owner.name !== undefined;
  checker.string(owner, 'namespace', path, { required: hasName, nonEmpty: true });
  checker.string(owner, 'name', path, { required: hasNamespace, nonEmpty: true });
  checker.string(owner, 'runId', path, { format: 'uuid' });
}
