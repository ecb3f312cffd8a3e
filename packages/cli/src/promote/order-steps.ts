import { type PromotionStep, versionKey } from './promotion-types';

const stepKey = (step: PromotionStep): string =>
  step.kind === 'schema' ? versionKey(step.subject, step.version) : `contract:${step.contract}@${step.version}`;

/**
 * Orders schema steps so that every referenced version comes before the versions referring to it and a subject's
 * versions stay in order (Kahn's algorithm; ties go to the smaller subject, then version, so the order is stable).
 * Contract steps come last, in the order given: a contract binds subjects that must exist first. Returns the steps
 * left in a cycle separately (a registry never holds one, but a snapshot is input).
 */
export function orderSteps(steps: readonly PromotionStep[]): { ordered: PromotionStep[]; cyclic: PromotionStep[] } {
  const schemaSteps = steps.filter((step) => step.kind === 'schema');
  const byKey = new Map(schemaSteps.map((step) => [stepKey(step), step]));
  const dependants = new Map<string, string[]>();
  const waitingOn = new Map<string, number>();
  const previousInSubject = new Map<string, string>();
  const sortedBySubject = [...schemaSteps].sort(compareSchemaSteps);
  for (const step of sortedBySubject) {
    const key = stepKey(step);
    const needs = new Set<string>();
    const previous = previousInSubject.get(step.subject);
    if (previous !== undefined) needs.add(previous);
    previousInSubject.set(step.subject, key);
    for (const reference of step.references) {
      const needed = versionKey(reference.subject, reference.version);
      if (byKey.has(needed) && needed !== key) needs.add(needed);
    }
    waitingOn.set(key, needs.size);
    for (const needed of needs) dependants.set(needed, [...(dependants.get(needed) ?? []), key]);
  }
  const ready = sortedBySubject.filter((step) => waitingOn.get(stepKey(step)) === 0);
  const ordered: PromotionStep[] = [];
  while (ready.length > 0) {
    ready.sort(compareSchemaSteps);
    const next = ready.shift()!;
    ordered.push(next);
    for (const dependant of dependants.get(stepKey(next)) ?? []) {
      const left = waitingOn.get(dependant)! - 1;
      waitingOn.set(dependant, left);
      if (left === 0) ready.push(byKey.get(dependant)!);
    }
  }
  const placed = new Set(ordered.map(stepKey));
  const cyclic = sortedBySubject.filter((step) => !placed.has(stepKey(step)));
  return { ordered: [...ordered, ...steps.filter((step) => step.kind === 'contract')], cyclic };
}

function compareSchemaSteps(a: PromotionStep, b: PromotionStep): number {
  if (a.kind !== 'schema' || b.kind !== 'schema') return 0;
  return a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version;
}
