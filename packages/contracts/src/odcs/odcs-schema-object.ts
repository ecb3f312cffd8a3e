import { z } from 'zod';
import {
  anyValueSchema,
  authoritativeDefinitionsSchema,
  customPropertiesSchema,
  stableIdSchema,
  tagsSchema,
} from './odcs-common';
import { qualityChecksSchema } from './odcs-quality';
import { propertyRelationshipSchema, schemaRelationshipSchema } from './odcs-relationship';

export const LOGICAL_TYPES = [
  'string',
  'date',
  'timestamp',
  'time',
  'number',
  'integer',
  'object',
  'array',
  'boolean',
] as const;

/** Which `logicalTypeOptions` each logical type allows (types not listed accept any options). */
const LOGICAL_TYPE_OPTIONS: Partial<Record<(typeof LOGICAL_TYPES)[number], string[]>> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  date: ['format', 'exclusiveMaximum', 'maximum', 'exclusiveMinimum', 'minimum'],
  timestamp: ['format', 'exclusiveMaximum', 'maximum', 'exclusiveMinimum', 'minimum', 'timezone', 'defaultTimezone'],
  time: ['format', 'exclusiveMaximum', 'maximum', 'exclusiveMinimum', 'minimum', 'timezone', 'defaultTimezone'],
  integer: ['multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'format'],
  number: ['multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'format'],
  object: ['maxProperties', 'minProperties', 'required'],
  array: ['maxItems', 'minItems', 'uniqueItems'],
};

/** Fields every schema element has (ODCS `SchemaElement`). */
const elementFields = {
  id: stableIdSchema.optional(),
  name: z.string().optional(),
  physicalType: z.string().optional(),
  description: z.string().optional(),
  businessName: z.string().optional(),
  authoritativeDefinitions: authoritativeDefinitionsSchema.optional(),
  tags: tagsSchema.optional(),
  customProperties: customPropertiesSchema.optional(),
};

export interface OdcsProperty {
  name?: string;
  logicalType?: (typeof LOGICAL_TYPES)[number];
  properties?: OdcsProperty[];
  items?: OdcsProperty;
  [key: string]: unknown;
}

const propertyFields = {
  ...elementFields,
  primaryKey: z.boolean().optional(),
  primaryKeyPosition: z.number().int().optional(),
  logicalType: z.enum(LOGICAL_TYPES).optional(),
  logicalTypeOptions: z.record(z.string(), z.unknown()).optional(),
  physicalName: z.string().optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  partitioned: z.boolean().optional(),
  partitionKeyPosition: z.number().int().optional(),
  classification: z.string().optional(),
  encryptedName: z.string().optional(),
  transformSourceObjects: z.array(z.string()).optional(),
  transformLogic: z.string().optional(),
  transformDescription: z.string().optional(),
  examples: z.array(anyValueSchema).optional(),
  criticalDataElement: z.boolean().optional(),
  relationships: z.array(propertyRelationshipSchema).optional(),
  quality: qualityChecksSchema.optional(),
};

function buildPropertySchema(kind: 'property' | 'item'): z.ZodType<OdcsProperty> {
  return z
    .looseObject({
      ...propertyFields,
      name: kind === 'property' ? z.string() : z.string().optional(),
      properties: z.array(z.lazy(() => propertySchema)).optional(),
      items: z.lazy(() => itemSchema).optional(),
    })
    .superRefine((property, ctx) => {
      const allowed = new Set<string>(Object.keys(propertyFields));
      if (kind === 'item' || property.logicalType === 'object') allowed.add('properties');
      if (property.logicalType === 'array') allowed.add('items');
      for (const key of Object.keys(property)) {
        if (allowed.has(key)) continue;
        const hint =
          key === 'properties' || key === 'items'
            ? ` (allowed only with logicalType ${key === 'properties' ? 'object' : 'array'})`
            : '';
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown property field "${key}"${hint}` });
      }
      const options = property.logicalType ? LOGICAL_TYPE_OPTIONS[property.logicalType] : undefined;
      if (options && property.logicalTypeOptions) {
        for (const key of Object.keys(property.logicalTypeOptions)) {
          if (!options.includes(key)) {
            ctx.addIssue({
              code: 'custom',
              path: ['logicalTypeOptions', key],
              message: `"${key}" is not an option of logicalType ${property.logicalType} (allowed: ${options.join(', ')})`,
            });
          }
        }
      }
    }) as z.ZodType<OdcsProperty>;
}

/** ODCS `SchemaProperty`: a named field, recursively holding `properties` (objects) or `items` (arrays). */
export const propertySchema: z.ZodType<OdcsProperty> = buildPropertySchema('property');
/** ODCS `SchemaItemProperty`: the element type of an array (no name needed). */
export const itemSchema: z.ZodType<OdcsProperty> = buildPropertySchema('item');

/** ODCS `SchemaObject`: a table, topic or document type and its properties. */
export const schemaObjectSchema = z.strictObject({
  ...elementFields,
  name: z.string(),
  logicalType: z.literal('object').optional(),
  physicalName: z.string().optional(),
  dataGranularityDescription: z.string().optional(),
  properties: z.array(propertySchema).optional(),
  relationships: z.array(schemaRelationshipSchema).optional(),
  quality: qualityChecksSchema.optional(),
});
