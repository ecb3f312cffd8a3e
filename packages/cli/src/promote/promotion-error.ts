/** What keeps `charter promote` from running, each with its documented exit code. */
export type PromotionErrorCode =
  /** Exit 2: a flag, env.yaml, a missing key variable, an unknown subject or contract, a refused key (401/403). */
  | 'usage'
  | 'config'
  | 'missing-key'
  | 'unknown-environment'
  | 'chain-skipped'
  | 'unknown-subject'
  | 'unknown-contract'
  | 'unauthorized'
  /** Exit 3: a registry (or lineage service) did not answer. */
  | 'unreachable'
  /** Exit 1: the registry refused a write, an approval was rejected, or the plan changed after approval. */
  | 'refused';

const EXIT_CODES: Record<PromotionErrorCode, number> = {
  usage: 2,
  config: 2,
  'missing-key': 2,
  'unknown-environment': 2,
  'chain-skipped': 2,
  'unknown-subject': 2,
  'unknown-contract': 2,
  unauthorized: 2,
  unreachable: 3,
  refused: 1,
};

export class PromotionError extends Error {
  readonly exitCode: number;

  constructor(
    readonly code: PromotionErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PromotionError';
    this.exitCode = EXIT_CODES[code];
  }
}
