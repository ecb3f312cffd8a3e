import { z } from 'zod';
import { customPropertiesSchema } from './odcs-common';

const SHORTHAND = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;
const FULLY_QUALIFIED =
  /^(?:(?:https?:\/\/)?[A-Za-z0-9._\-/]+\.yaml#)?\/?[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z0-9_-]+(?:\/[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z0-9_-]+)*$/;

const referenceSchema = z
  .string()
  .refine(
    (text) => SHORTHAND.test(text) || FULLY_QUALIFIED.test(text),
    'must be a table.column or a fully qualified reference',
  );
const referencesSchema = z.union([referenceSchema, z.array(referenceSchema).min(1)]);

const fields = {
  type: z.literal('foreignKey').optional(),
  to: referencesSchema,
  customProperties: customPropertiesSchema.optional(),
};

/** ODCS relationship on a schema object: `from` and `to` both single references or both lists. */
export const schemaRelationshipSchema = z
  .strictObject({ ...fields, from: referencesSchema })
  .refine(
    (relationship) => Array.isArray(relationship.from) === Array.isArray(relationship.to),
    '"from" and "to" must both be references or both be lists',
  );

/** ODCS relationship on a property: the property itself is the `from`, so only `to` is given. */
export const propertyRelationshipSchema = z.strictObject(fields);
