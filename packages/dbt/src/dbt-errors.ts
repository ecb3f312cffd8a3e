import { InvalidInputError } from '@charter/errors';

/** Stable codes of the dbt engine's input errors (the CLI exits 2 on each). */
export const DBT_ERROR_CODES = [
  'dbt-manifest-not-json',
  'dbt-manifest-invalid',
  'dbt-manifest-unsupported-version',
  'dbt-catalog-not-json',
  'dbt-catalog-invalid',
  'dbt-object-not-found',
  'dbt-object-ambiguous',
  'dbt-model-name-invalid',
  'dbt-property-type-unknown',
  'dbt-adapter-unsupported',
  'dbt-properties-not-generated',
] as const;
export type DbtErrorCode = (typeof DBT_ERROR_CODES)[number];

/** Bad input to the dbt engine: a manifest or catalog it cannot read, a contract it cannot turn into a model. */
export class DbtInputError extends InvalidInputError<DbtErrorCode> {
  constructor(code: DbtErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}
