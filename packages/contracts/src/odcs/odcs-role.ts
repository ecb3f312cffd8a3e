import { z } from 'zod';
import { customPropertiesSchema, stableIdSchema } from './odcs-common';

/** ODCS `Role`: an IAM role that gives access to the dataset. */
export const roleSchema = z.strictObject({
  id: stableIdSchema.optional(),
  role: z.string(),
  description: z.string().optional(),
  access: z.string().optional(),
  firstLevelApprovers: z.string().optional(),
  secondLevelApprovers: z.string().optional(),
  customProperties: customPropertiesSchema.optional(),
});
