import { parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { RegistryErrors } from '../errors/registry.errors';

const VERSION = 'a version number (1 to 2^31-1) or latest';

/** GET /subjects/{s}/diff: `from` and `to`, each a version id (read further by parseVersionId). */
export const diffQuery = z.object({
  from: z
    .string({ error: `from must be ${VERSION}` })
    .optional()
    .meta({ description: `Required. The earlier side: ${VERSION}` }),
  to: z
    .string({ error: `to must be ${VERSION}` })
    .optional()
    .meta({ description: `Required. The later side: ${VERSION}` }),
});

export function readDiffQuery(query: unknown): { from: string; to: string } {
  const { from, to } = parseRequest(diffQuery, query ?? {}, (issue) => RegistryErrors.invalidDiffQuery(issue.message));
  if (from === undefined) throw RegistryErrors.invalidDiffQuery(`from is required: ${VERSION}`);
  if (to === undefined) throw RegistryErrors.invalidDiffQuery(`to is required: ${VERSION}`);
  return { from, to };
}
