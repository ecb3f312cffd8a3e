import { z } from 'zod';
import {
  authoritativeDefinitionsSchema,
  customPropertySchema,
  dateSchema,
  stableIdSchema,
  tagsSchema,
} from './odcs-common';

export const teamMemberSchema = z.strictObject({
  id: stableIdSchema.optional(),
  username: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  role: z.string().optional(),
  dateIn: dateSchema.optional(),
  dateOut: dateSchema.optional(),
  replacedByUsername: z.string().optional(),
  tags: tagsSchema.optional(),
  customProperties: z.array(customPropertySchema).optional(),
  authoritativeDefinitions: authoritativeDefinitionsSchema.optional(),
});

const teamObjectSchema = z.strictObject({
  id: stableIdSchema.optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  members: z.array(teamMemberSchema).optional(),
  tags: tagsSchema.optional(),
  customProperties: z.array(customPropertySchema).optional(),
  authoritativeDefinitions: authoritativeDefinitionsSchema.optional(),
});

const deprecatedTeamArraySchema = z.array(teamMemberSchema);

/**
 * ODCS `team`: the 3.1 Team object, or the deprecated (pre-3.1) bare array of members. The shape of the value picks
 * which one is checked, so errors point inside it instead of saying "matches neither".
 */
export const teamSchema = z.unknown().superRefine((value, ctx) => {
  const chosen = Array.isArray(value) ? deprecatedTeamArraySchema : teamObjectSchema;
  const result = chosen.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
});
