import { COMPATIBILITY_LEVELS, type CompatibilityLevel, isCompatibilityLevel } from '@charter/schema';
import { z } from 'zod';
import {
  CONSUMER_KINDS,
  type ContractConsumer,
  type LineageDataset,
  SEVERITY_TIERS,
  type SeverityTier,
} from './contract';
import type { ContractProblem } from './contract-problem';
import { readDeclaredFields } from './declared-fields';
import { type DriftSettings, driftSettingsSchema } from './drift-settings';
import { toJsonPointer } from './json-pointer';
import type { OdcsProperty } from './odcs/odcs-schema-object';

/** The top-level customProperties Charter gives meaning to. */
export const CHARTER_PROPERTIES = ['severityTier', 'compatibility', 'lineage', 'consumers', 'drift'] as const;

export const DEFAULT_SEVERITY_TIER: SeverityTier = 'tier-3';
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';

export interface CharterProperties {
  severityTier: SeverityTier;
  compatibility: CompatibilityLevel;
  lineage: LineageDataset[];
  consumers: ContractConsumer[];
  /** Drift-detection thresholds (`customProperties.drift`); absent when the contract sets none (defaults apply). */
  drift?: DriftSettings;
}

const nonEmpty = z.string().min(1, 'must not be empty');
const datasetSchema = z.strictObject({ namespace: nonEmpty, name: nonEmpty, schema: nonEmpty.optional() });
const lineageSchema = z.union([datasetSchema, z.array(datasetSchema).min(1)]);
const consumersSchema = z.array(
  z.strictObject({
    id: nonEmpty,
    kind: z.enum(CONSUMER_KINDS),
    team: nonEmpty,
    fields: z.array(nonEmpty),
    executive: z.boolean().optional(),
    description: z.string().optional(),
  }),
);

/**
 * Reads Charter's meaning from a contract's top-level `customProperties`: severity tier (default tier-3), registry
 * compatibility level (default BACKWARD), OpenLineage datasets, consumers and drift thresholds. The document must
 * already be valid ODCS.
 */
export function readCharterProperties(
  document: Record<string, unknown>,
  options: { file: string },
): { properties: CharterProperties; problems: ContractProblem[] } {
  const { file } = options;
  const problems: ContractProblem[] = [];
  const properties: CharterProperties = {
    severityTier: DEFAULT_SEVERITY_TIER,
    compatibility: DEFAULT_COMPATIBILITY,
    lineage: [],
    consumers: [],
  };
  const entries = (document.customProperties ?? []) as Array<{ property: string; value: unknown }>;
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const name = entry.property;
    if (!(CHARTER_PROPERTIES as readonly string[]).includes(name)) return;
    const path = `/customProperties/${index}/value`;
    if (seen.has(name)) {
      problems.push({
        code: 'invalid-custom-property',
        file,
        path: `/customProperties/${index}/property`,
        message: `customProperty "${name}" is given more than once`,
      });
      return;
    }
    seen.add(name);
    const value = entry.value;
    switch (name) {
      case 'severityTier':
        if (typeof value === 'string' && (SEVERITY_TIERS as readonly string[]).includes(value)) {
          properties.severityTier = value as SeverityTier;
        } else {
          problems.push({
            code: 'unknown-tier',
            file,
            path,
            message: `severityTier ${JSON.stringify(value)} is not one of ${SEVERITY_TIERS.join(', ')}`,
          });
        }
        return;
      case 'compatibility':
        if (isCompatibilityLevel(value)) {
          properties.compatibility = value;
        } else {
          problems.push({
            code: 'invalid-custom-property',
            file,
            path,
            message: `compatibility ${JSON.stringify(value)} is not one of ${COMPATIBILITY_LEVELS.join(', ')}`,
          });
        }
        return;
      case 'lineage': {
        const result = lineageSchema.safeParse(value);
        if (!result.success) {
          problems.push(
            ...toProblems(result.error, file, path, 'lineage must be {namespace, name, schema?} or a list of them'),
          );
          return;
        }
        properties.lineage = Array.isArray(result.data) ? result.data : [result.data];
        const objectNames = new Set(
          ((document.schema ?? []) as Array<{ name?: unknown }>).map((object) => object.name),
        );
        properties.lineage.forEach((dataset, position) => {
          if (dataset.schema === undefined || objectNames.has(dataset.schema)) return;
          problems.push({
            code: 'invalid-custom-property',
            file,
            path: `${path}${Array.isArray(result.data) ? `/${position}` : ''}/schema`,
            message: `lineage dataset ${dataset.name} names schema object "${dataset.schema}", which the contract does not have`,
          });
        });
        return;
      }
      case 'consumers': {
        const result = consumersSchema.safeParse(value);
        if (!result.success) {
          problems.push(...toProblems(result.error, file, path));
          return;
        }
        const ids = new Set<string>();
        result.data.forEach((consumer, position) => {
          if (ids.has(consumer.id)) {
            problems.push({
              code: 'invalid-custom-property',
              file,
              path: `${path}/${position}/id`,
              message: `consumer "${consumer.id}" is listed more than once`,
            });
          }
          ids.add(consumer.id);
          properties.consumers.push({
            id: consumer.id,
            kind: consumer.kind,
            team: consumer.team,
            fields: consumer.fields,
            executive: consumer.executive ?? false,
            ...(consumer.description !== undefined ? { description: consumer.description } : {}),
          });
        });
        return;
      }
      case 'drift': {
        const result = driftSettingsSchema.safeParse(value);
        if (!result.success) {
          problems.push(...toProblems(result.error, file, path));
          return;
        }
        const declared = new Set(
          ((document.schema ?? []) as Array<{ properties?: OdcsProperty[] }>).flatMap((object) =>
            readDeclaredFields(object.properties, '').map((field) => field.path),
          ),
        );
        const unknown = Object.keys(result.data.fields ?? {}).filter((field) => !declared.has(field));
        for (const field of unknown) {
          problems.push({
            code: 'invalid-custom-property',
            file,
            path: `${path}/fields${toJsonPointer([field])}`,
            message: `drift names field "${field}", which the contract does not declare`,
          });
        }
        if (unknown.length === 0) properties.drift = result.data;
        return;
      }
    }
  });
  return { properties, problems };
}

function toProblems(error: z.ZodError, file: string, base: string, unionMessage?: string): ContractProblem[] {
  return error.issues.flatMap((issue): ContractProblem[] => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      code: 'invalid-custom-property',
      file,
      path: base + toJsonPointer(key === undefined ? issue.path : [...issue.path, key]),
      message:
        key !== undefined
          ? `unknown field "${key}"`
          : issue.code === 'invalid_union' && unionMessage
            ? unionMessage
            : issue.message,
    }));
  });
}
