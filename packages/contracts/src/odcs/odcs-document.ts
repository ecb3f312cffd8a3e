import { z } from 'zod';
import {
  authoritativeDefinitionsSchema,
  customPropertiesSchema,
  dateTimeSchema,
  scalarValueSchema,
  stableIdSchema,
  tagsSchema,
} from './odcs-common';
import { roleSchema } from './odcs-role';
import { schemaObjectSchema } from './odcs-schema-object';
import { serverSchema } from './odcs-server';
import { teamSchema } from './odcs-team';

export const ODCS_API_VERSIONS = ['v3.1.0', 'v3.0.2', 'v3.0.1', 'v3.0.0', 'v2.2.2', 'v2.2.1', 'v2.2.0'] as const;

const supportItemSchema = z.strictObject({
  id: stableIdSchema.optional(),
  channel: z.string(),
  url: z.string().optional(),
  description: z.string().optional(),
  tool: z.string().optional(),
  scope: z.string().optional(),
  invitationUrl: z.string().optional(),
  customProperties: customPropertiesSchema.optional(),
});

const slaPropertySchema = z.strictObject({
  id: stableIdSchema.optional(),
  property: z.string(),
  value: scalarValueSchema,
  valueExt: scalarValueSchema.optional(),
  unit: z.string().optional(),
  element: z.string().optional(),
  driver: z.string().optional(),
  description: z.string().optional(),
  scheduler: z.string().optional(),
  schedule: z.string().optional(),
});

const pricingSchema = z.strictObject({
  id: stableIdSchema.optional(),
  priceAmount: z.number().optional(),
  priceCurrency: z.string().optional(),
  priceUnit: z.string().optional(),
});

const descriptionSchema = z.looseObject({
  usage: z.string().optional(),
  purpose: z.string().optional(),
  limitations: z.string().optional(),
  authoritativeDefinitions: authoritativeDefinitionsSchema.optional(),
  customProperties: customPropertiesSchema.optional(),
});

/**
 * Charter's own reading of an Open Data Contract Standard 3.1 document, written from the standard: the same required
 * fields, enums and closed objects, so that what it accepts the official JSON Schema accepts too (the conformance
 * test holds both to that).
 */
export const odcsDocumentSchema = z.strictObject({
  apiVersion: z.enum(ODCS_API_VERSIONS),
  kind: z.literal('DataContract'),
  id: z.string(),
  version: z.string(),
  status: z.string(),
  name: z.string().optional(),
  tenant: z.string().optional(),
  domain: z.string().optional(),
  dataProduct: z.string().optional(),
  description: descriptionSchema.optional(),
  tags: tagsSchema.optional(),
  servers: z.array(serverSchema).optional(),
  schema: z.array(schemaObjectSchema).optional(),
  support: z.array(supportItemSchema).optional(),
  price: pricingSchema.optional(),
  team: teamSchema.optional(),
  roles: z.array(roleSchema).optional(),
  slaDefaultElement: z.string().optional(),
  slaProperties: z.array(slaPropertySchema).optional(),
  authoritativeDefinitions: authoritativeDefinitionsSchema.optional(),
  customProperties: customPropertiesSchema.optional(),
  contractCreatedTs: dateTimeSchema.optional(),
});

export type OdcsDocument = z.infer<typeof odcsDocumentSchema>;
