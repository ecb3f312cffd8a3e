/**
 * Why `charter diff` could not run: a bad ref, a path outside the repository, an unreadable schema, a key or URL
 * that cannot be used (exit 2).
 */
export type DiffInputErrorCode =
  | 'not-a-repository'
  | 'unknown-ref'
  | 'path-outside-repository'
  | 'git-failed'
  | 'schema-binary'
  | 'schema-unparseable'
  | 'references-invalid'
  | 'bad-api-key'
  | 'bad-url'
  | 'contract-invalid';

export class DiffInputError extends Error {
  constructor(
    readonly code: DiffInputErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'DiffInputError';
  }
}
