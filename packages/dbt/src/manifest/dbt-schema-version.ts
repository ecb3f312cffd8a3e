import { DbtInputError } from '../dbt-errors';

/** Manifest schema versions Charter reads: dbt 1.6 (v10), 1.7 (v11), 1.8 and later (v12). */
export const SUPPORTED_MANIFEST_VERSIONS = [10, 11, 12] as const;

/** Which dbt releases wrote each manifest schema version (for messages). */
const DBT_RELEASES: Readonly<Record<number, string>> = {
  1: 'dbt 0.19',
  2: 'dbt 0.20',
  3: 'dbt 0.21',
  4: 'dbt 1.0',
  5: 'dbt 1.1',
  6: 'dbt 1.2',
  7: 'dbt 1.3',
  8: 'dbt 1.4',
  9: 'dbt 1.5',
  10: 'dbt 1.6',
  11: 'dbt 1.7',
  12: 'dbt 1.8 or later',
};

const ARTIFACT_URL = /\/dbt\/([a-z_-]+)\/v(\d+)\.json$/;

/**
 * The version in a dbt artifact's `metadata.dbt_schema_version` URL (`https://schemas.getdbt.com/dbt/manifest/v12.json`),
 * checked to be an artifact of the wanted kind and, for manifests, a supported version.
 */
export function readSchemaVersion(url: unknown, kind: 'manifest' | 'catalog', source: string): number {
  const code = kind === 'manifest' ? 'dbt-manifest-invalid' : 'dbt-catalog-invalid';
  if (typeof url !== 'string') {
    throw new DbtInputError(code, `${source} is not a dbt ${kind}: it has no metadata.dbt_schema_version`, { source });
  }
  const match = ARTIFACT_URL.exec(url);
  if (!match) {
    throw new DbtInputError(
      code,
      `${source} is not a dbt ${kind}: metadata.dbt_schema_version is ${JSON.stringify(url)}`,
      {
        source,
        dbtSchemaVersion: url,
      },
    );
  }
  const [, artifact, digits] = match;
  if (artifact !== kind) {
    throw new DbtInputError(code, `${source} is a dbt ${artifact} artifact, not a ${kind} (${url})`, {
      source,
      dbtSchemaVersion: url,
    });
  }
  const version = Number(digits);
  if (kind === 'manifest' && !(SUPPORTED_MANIFEST_VERSIONS as readonly number[]).includes(version)) {
    const release = DBT_RELEASES[version] ?? (version > 12 ? 'a dbt newer than Charter knows' : 'an unknown dbt');
    throw new DbtInputError(
      'dbt-manifest-unsupported-version',
      `${source} is a manifest v${version} (${release}); charter dbt check reads manifest v10–v12 (dbt 1.6, 1.7, and 1.8 or later): regenerate it with a supported dbt (dbt parse)`,
      { source, version, supported: [...SUPPORTED_MANIFEST_VERSIONS] },
    );
  }
  return version;
}
