import { z } from 'zod';
import { authoritativeDefinitionsSchema, customPropertySchema, stableIdSchema, tagsSchema } from './odcs-common';

export const QUALITY_DIMENSIONS = [
  'accuracy',
  'completeness',
  'conformity',
  'consistency',
  'coverage',
  'timeliness',
  'uniqueness',
] as const;

export const QUALITY_METRICS = ['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount'] as const;

const numberPair = z
  .array(z.number())
  .length(2)
  .refine(([low, high]) => low !== high, 'the two bounds must differ');

/** The comparison operators: a library or SQL check carries exactly one of them. */
const OPERATORS = {
  mustBe: z.unknown(),
  mustNotBe: z.unknown(),
  mustBeGreaterThan: z.number(),
  mustBeGreaterOrEqualTo: z.number(),
  mustBeLessThan: z.number(),
  mustBeLessOrEqualTo: z.number(),
  mustBeBetween: numberPair,
  mustNotBeBetween: numberPair,
} as const;

const baseFields = {
  id: stableIdSchema.optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  authoritativeDefinitions: authoritativeDefinitionsSchema.optional(),
  businessImpact: z.string().optional(),
  customProperties: z.array(customPropertySchema).optional(),
  dimension: z.enum(QUALITY_DIMENSIONS).optional(),
  method: z.string().optional(),
  schedule: z.string().optional(),
  scheduler: z.string().optional(),
  severity: z.string().optional(),
  tags: tagsSchema.optional(),
  type: z.enum(['text', 'library', 'sql', 'custom']).optional(),
  unit: z.string().optional(),
};

const libraryFields = {
  metric: z.enum(QUALITY_METRICS),
  rule: z.string(),
  arguments: z.record(z.string(), z.unknown()),
};
const sqlFields = { query: z.string() };
const customFields = {
  engine: z.string(),
  implementation: z.union([z.string(), z.record(z.string(), z.unknown())]),
};

const optional = <T extends Record<string, z.ZodType>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };

/**
 * ODCS `DataQuality`: one quality rule. Its `type` (or, for library rules, the presence of `metric`) decides which
 * further fields it needs and allows: library rules a `metric`, SQL rules a `query`, both exactly one operator
 * (`mustBe`, `mustBeGreaterThan`, …); custom rules an `engine` and an `implementation`.
 */
export const qualitySchema = z
  .looseObject({
    ...baseFields,
    ...optional(libraryFields),
    ...optional(sqlFields),
    ...optional(customFields),
    ...optional(OPERATORS),
  })
  .superRefine((rule, ctx) => {
    const isLibrary = rule.type === 'library' || rule.metric !== undefined;
    const isSql = rule.type === 'sql';
    const isCustom = rule.type === 'custom';
    const allowed = new Set<string>(Object.keys(baseFields));
    const require = (name: string) => {
      if ((rule as Record<string, unknown>)[name] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `a ${rule.type ?? 'library'} quality rule requires "${name}"`,
        });
      }
    };
    if (isLibrary || isSql) {
      for (const name of Object.keys(OPERATORS)) allowed.add(name);
      const operators = Object.keys(OPERATORS).filter((name) => name in rule);
      if (operators.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `a library or sql quality rule needs exactly one operator (${Object.keys(OPERATORS).join(', ')}), found ${operators.length}`,
        });
      }
    }
    if (isLibrary) {
      for (const name of Object.keys(libraryFields)) allowed.add(name);
      require('metric');
    }
    if (isSql) {
      allowed.add('query');
      require('query');
    }
    if (isCustom) {
      for (const name of Object.keys(customFields)) allowed.add(name);
      require('engine');
      require('implementation');
    }
    for (const key of Object.keys(rule)) {
      if (!allowed.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" is not a field of a ${rule.type ?? 'text'} quality rule`,
        });
      }
    }
  });

export const qualityChecksSchema = z.array(qualitySchema);
