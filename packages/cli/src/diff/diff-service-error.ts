/** The services `charter diff` may ask: the lineage service (impact) and the registry (approvals). */
export type DiffService = 'lineage' | 'registry';

/**
 * A service `charter diff` needed did not answer usefully. `unreachable` (connection refused, timeout, a 5xx or 429): exit
 * 3 unless `--on-unreachable warn`; `unauthorized` (401/403: the key is missing, wrong or lacks rights) and
 * `bad-answer` (a 4xx it should not give): configuration errors, exit 2. Messages name the variable holding the key,
 * never the key.
 */
export class DiffServiceError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'unauthorized' | 'bad-answer',
    readonly service: DiffService,
    message: string,
  ) {
    super(message);
    this.name = 'DiffServiceError';
  }

  get exitCode(): 2 | 3 {
    return this.kind === 'unreachable' ? 3 : 2;
  }

  get code(): string {
    return `${this.service}-${this.kind}`;
  }
}
