import { type DriftSettings, driftSettingsSchema } from '@charter/contracts';
import { type FieldSpec, fieldSpecsFromContract } from '@charter/drift';

/** What the profiler of a stream takes from the contract bound to its subject. */
export interface ContractDriftSetup {
  /** The fields to profile, from the schema object describing the subject (empty: the contract declares none). */
  fields: FieldSpec[];
  /** The contract's `drift` customProperty; undefined when it sets none (the defaults apply). */
  settings: DriftSettings | undefined;
  /** Why the `drift` property was not used (the registry validates it on publish, so this is unexpected). */
  problem?: string;
}

interface SchemaObject {
  name?: unknown;
  authoritativeDefinitions?: Array<{ type?: unknown; url?: unknown }>;
}

/**
 * The fields and thresholds to profile a subject with, from a contract document as the registry serves it: the
 * schema object that names the subject (`authoritativeDefinitions` of type `schemaRegistrySubject`,
 * `subjects/<subject>`), else the first; the thresholds from its top-level `drift` customProperty.
 */
export function contractDriftSetup(document: Record<string, unknown>, subject: string): ContractDriftSetup {
  const entries = (Array.isArray(document.customProperties) ? document.customProperties : []) as Array<{
    property?: unknown;
    value?: unknown;
  }>;
  const entry = entries.find((candidate) => candidate.property === 'drift');
  let settings: DriftSettings | undefined;
  let problem: string | undefined;
  if (entry) {
    const parsed = driftSettingsSchema.safeParse(entry.value);
    if (parsed.success) settings = parsed.data;
    else
      problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'drift'}: ${issue.message}`).join('; ');
  }
  const objects = (Array.isArray(document.schema) ? document.schema : []) as SchemaObject[];
  const named = objects.find((object) =>
    (object.authoritativeDefinitions ?? []).some(
      (definition) =>
        definition.type === 'schemaRegistrySubject' &&
        typeof definition.url === 'string' &&
        definition.url.replace(/\/+$/, '').endsWith(`subjects/${subject}`),
    ),
  );
  const fields = fieldSpecsFromContract(document, {
    ...(typeof named?.name === 'string' ? { object: named.name } : {}),
    ...(settings ? { drift: settings } : {}),
  });
  return { fields, settings, ...(problem === undefined ? {} : { problem }) };
}
