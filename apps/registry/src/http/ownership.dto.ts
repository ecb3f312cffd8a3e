import { type Ownership, readOwnership } from '@charter/contracts';
import { GovernanceErrors } from '../errors/governance.errors';

/**
 * PUT /ownership: `contracts/ownership.yaml` as JSON. `@charter/contracts` owns its schema (zod) and its rules
 * (unique team names and prefixes): the same reader `charter apply` checks the file with.
 */
export function readOwnershipBody(body: unknown): Ownership {
  const { ownership, problems } = readOwnership(body, { file: 'ownership' });
  if (ownership && problems.length === 0) return ownership;
  throw GovernanceErrors.invalidOwnership(
    `Invalid ownership: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`,
    { problems },
  );
}
