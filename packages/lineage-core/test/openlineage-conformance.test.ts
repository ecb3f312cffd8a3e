import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readOpenLineageEvent, validateOpenLineageEvent } from '../src';
import { loadBadEventCases, loadGoodEventCases, violationLines } from './openlineage-cases';

// The official OpenLineage JSON schemas are third-party and never copied into the repository: they are read from the
// shared specs directory, where `node scripts/fetch-specs.mjs` puts the pinned, hash-checked copies. Without them the
// suite is skipped, saying where it looked; in GitHub Actions (or with CHARTER_REQUIRE_SPECS=1) it fails instead.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const SPECS_DIR = process.env.CHARTER_SPECS_DIR ?? join(REPO_ROOT, '..', 'shared', 'specs');
const OPENLINEAGE_DIR = join(SPECS_DIR, 'openlineage');
const CORE_SCHEMA = join(OPENLINEAGE_DIR, 'OpenLineage.json');
const FACETS_DIR = join(OPENLINEAGE_DIR, 'facets');
const hasOfficialSchemas = existsSync(CORE_SCHEMA) && existsSync(FACETS_DIR);
if (!hasOfficialSchemas) {
  const missing = `OpenLineage conformance: ${CORE_SCHEMA} or ${FACETS_DIR} not found. Run \`node scripts/fetch-specs.mjs\` to fetch them into ${SPECS_DIR}, or set CHARTER_SPECS_DIR to a directory holding openlineage/.`;
  if (process.env.GITHUB_ACTIONS === 'true' || process.env.CHARTER_REQUIRE_SPECS === '1') {
    throw new Error(`${missing} Required here (GITHUB_ACTIONS=true or CHARTER_REQUIRE_SPECS=1): not skipped.`);
  }
  console.warn(`${missing} Skipped.`);
}
const describeWithSchemas = hasOfficialSchemas ? describe : describe.skip;

type Location = 'run' | 'job' | 'dataset';

/**
 * The facets Charter checks beyond BaseFacet, by where they sit, and the official definition of each
 * (`<file>#/$defs/<definition>`). `lineage` has one definition per place: LineageFacet.json's root accepts either
 * shape anywhere, but LineageJobFacet extends JobFacet and LineageDatasetFacet extends DatasetFacet.
 */
const CHARTER_FACETS: Record<Location, Record<string, [file: string, definition: string]>> = {
  run: {
    parent: ['ParentRunFacet.json', 'ParentRunFacet'],
    nominalTime: ['NominalTimeRunFacet.json', 'NominalTimeRunFacet'],
    errorMessage: ['ErrorMessageRunFacet.json', 'ErrorMessageRunFacet'],
    processing_engine: ['ProcessingEngineRunFacet.json', 'ProcessingEngineRunFacet'],
  },
  job: {
    jobType: ['JobTypeJobFacet.json', 'JobTypeJobFacet'],
    sql: ['SQLJobFacet.json', 'SQLJobFacet'],
    sourceCode: ['SourceCodeJobFacet.json', 'SourceCodeJobFacet'],
    lineage: ['LineageFacet.json', 'LineageJobFacet'],
  },
  dataset: {
    schema: ['SchemaDatasetFacet.json', 'SchemaDatasetFacet'],
    columnLineage: ['ColumnLineageDatasetFacet.json', 'ColumnLineageDatasetFacet'],
    lineage: ['LineageFacet.json', 'LineageDatasetFacet'],
  },
};

interface FacetAt {
  location: Location;
  name: string;
  path: string;
  facet: unknown;
}

/** Every facet of the event that Charter checks beyond BaseFacet, wherever it sits. */
function charterFacets(event: unknown): FacetAt[] {
  const found: FacetAt[] = [];
  const record = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const collect = (location: Location, owner: unknown, path: string) => {
    for (const [name, facet] of Object.entries(record(record(owner).facets))) {
      if (Object.hasOwn(CHARTER_FACETS[location], name))
        found.push({ location, name, path: `${path}/facets/${name}`, facet });
    }
  };
  const root = record(event);
  collect('run', root.run, '/run');
  collect('job', root.job, '/job');
  collect('dataset', root.dataset, '/dataset');
  for (const role of ['inputs', 'outputs']) {
    const datasets = Array.isArray(root[role]) ? (root[role] as unknown[]) : [];
    for (const [index, dataset] of datasets.entries()) collect('dataset', dataset, `/${role}/${index}`);
  }
  return found;
}

const CHARTER_ONLY_CODES = new Set([
  'empty-string',
  'ambiguous-event-kind',
  'unknown-transformation-type',
  'unknown-transformation-subtype',
]);
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  1,
  1.5,
  true,
  '',
  'x',
  [],
  {},
  'https://example.com/x',
  '2025-01-01T00:00:00Z',
  '01959395-0000-7000-8000-0000000000aa',
  'DIRECT',
  'JOIN',
  'DATASET',
  'JOB',
];

/** Every path to a value inside `value` (not the root), as segments. */
function valuePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...valuePaths(child, path)];
  });
}

/** A copy of `value` with the value at `segments` replaced, or removed when `replacement` is undefined. */
function mutate(value: unknown, segments: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value);
  let owner = copy as Record<string | number, unknown>;
  for (const segment of segments.slice(0, -1)) owner = owner[segment] as Record<string | number, unknown>;
  const last = segments[segments.length - 1]!;
  if (replacement !== undefined) owner[last] = replacement;
  else if (Array.isArray(owner)) owner.splice(last as number, 1);
  else delete owner[last];
  return copy;
}

describeWithSchemas('OpenLineage 2-0-2 conformance: Charter agrees with the official JSON schemas', () => {
  let validateCore: (value: unknown) => boolean;
  /** Validates one facet against its official definition, as placed. */
  let validateFacet: (at: FacetAt) => boolean;
  /** The core schema (BaseFacet for every facet) and, for the facets Charter reads, their own files. */
  let officialAccepts: (value: unknown) => boolean;

  beforeAll(() => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const core = JSON.parse(readFileSync(CORE_SCHEMA, 'utf8'));
    ajv.addSchema(core);
    const idByFile = new Map<string, string>();
    for (const file of readdirSync(FACETS_DIR).filter((name) => name.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(FACETS_DIR, file), 'utf8'));
      ajv.addSchema(schema);
      idByFile.set(file, schema.$id);
    }
    const coreValidator = ajv.getSchema(core.$id)!;
    validateCore = (value) => coreValidator(value) as boolean;
    validateFacet = (at) => {
      const [file, definition] = CHARTER_FACETS[at.location][at.name]!;
      const validator = ajv.getSchema(`${idByFile.get(file)}#/$defs/${definition}`);
      if (!validator) throw new Error(`no official definition ${file}#/$defs/${definition}`);
      return validator(at.facet) as boolean;
    };
    officialAccepts = (value) => validateCore(value) && charterFacets(value).every(validateFacet);
  });

  const good = loadGoodEventCases();
  it.each(good.map((entry) => [entry.name, entry] as const))('both accept %s', (_name, entry) => {
    const value = JSON.parse(entry.text);
    expect(validateCore(value)).toBe(true);
    const facets = charterFacets(value);
    for (const at of facets) {
      expect([at.path, validateFacet(at)]).toEqual([at.path, true]);
    }
    expect(validateOpenLineageEvent(value).violations).toEqual([]);
  });

  it('the good corpus exercises every facet Charter checks, in each place it sits', () => {
    const seen = new Set(
      good.flatMap((entry) => charterFacets(JSON.parse(entry.text))).map((at) => `${at.location}:${at.name}`),
    );
    const expected = Object.entries(CHARTER_FACETS).flatMap(([location, facets]) =>
      Object.keys(facets).map((name) => `${location}:${name}`),
    );
    expect([...seen].sort()).toEqual(expected.sort());
  });

  const bad = loadBadEventCases();
  const structural = bad.filter((entry) => entry.official === 'rejects');
  const charterOnly = bad.filter((entry) => entry.official === 'accepts');

  it.each(structural.map((entry) => [entry.name, entry] as const))('both reject %s', (_name, entry) => {
    expect(officialAccepts(JSON.parse(entry.text))).toBe(false);
    expect(readOpenLineageEvent(entry.text).violations).not.toEqual([]);
  });

  it.each(charterOnly.map((entry) => [entry.name, entry] as const))(
    'the official schemas accept %s, which only a Charter rule or bound refuses',
    (_name, entry) => {
      expect(officialAccepts(JSON.parse(entry.text))).toBe(true);
      const result = readOpenLineageEvent(entry.text);
      expect(result.event).toBeUndefined();
      expect(violationLines(result.violations)).toEqual(violationLines(entry.violations));
    },
  );

  // Every event one edit away from a good one (a value removed, or replaced by one of a few telling values) is
  // accepted by both or refused by both, unless only Charter's own rules refuse it.
  it('agrees with the official schemas on every one-edit mutation of the good corpus', () => {
    const disagreements: string[] = [];
    for (const entry of good) {
      const base = JSON.parse(entry.text);
      for (const segments of valuePaths(base)) {
        for (const replacement of REPLACEMENTS) {
          const event = mutate(base, segments, replacement);
          const violations = validateOpenLineageEvent(event).violations;
          const official = officialAccepts(event);
          const charterOnlyRefusal =
            official && violations.every((violation) => CHARTER_ONLY_CODES.has(violation.code));
          if (official !== (violations.length === 0) && !charterOnlyRefusal) {
            disagreements.push(`${entry.name} /${segments.join('/')} := ${JSON.stringify(replacement) ?? 'removed'}`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('a facet marked _deleted still needs _producer and _schemaURL in the official schema, and in Charter', () => {
    const event = JSON.parse(good.find((entry) => entry.name === 'dataset-event')!.text);
    event.dataset.facets.documentation = { _deleted: true };
    expect(validateCore(event)).toBe(false);
    expect(validateOpenLineageEvent(event).violations.map((violation) => violation.code)).toEqual([
      'required',
      'required',
    ]);
  });
});
