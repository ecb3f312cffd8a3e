import { addIssue, parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { readRole } from '../auth/principal';
import { GovernanceErrors } from '../errors/governance.errors';
import type { NewKeyRequest } from '../governance/api-keys.service';

const NAME = 'name must be a non-empty string of at most 200 characters';
const ROLE = 'role must be admin, ci, reader or team:<name>';
const EXPIRES_AT = 'expiresAt must be an ISO-8601 time in the future';

/** POST /keys: `{ name, role, expiresAt? }`. */
export const newKeyBody = z.object(
  {
    name: z.string({ error: NAME }).max(200, { error: NAME }).trim().min(1, { error: NAME }),
    role: z
      .string({ error: ROLE })
      .meta({ description: 'admin, ci, reader or team:<name>' })
      .transform((text, context) => {
        const role = readRole(text);
        if (role) return role;
        addIssue(context, [], ROLE);
        return z.NEVER;
      }),
    expiresAt: z
      .string({ error: EXPIRES_AT })
      .meta({ description: 'ISO-8601, in the future' })
      .transform((text, context) => {
        const expires = new Date(text);
        if (!Number.isNaN(expires.getTime()) && expires.getTime() > Date.now()) return expires;
        addIssue(context, [], EXPIRES_AT);
        return z.NEVER;
      })
      .optional(),
  },
  { error: 'The body must be an object: { "name", "role", "expiresAt"? }' },
);

export function readNewKey(body: unknown): NewKeyRequest {
  return parseRequest(newKeyBody, body, (issue) => GovernanceErrors.invalidRequest(issue.message));
}
