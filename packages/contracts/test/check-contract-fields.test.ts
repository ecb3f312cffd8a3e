import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  type ContractFieldProblem,
  type ContractFieldTarget,
  checkContractFields,
  type LogicalType,
  logicalTypeOf,
  type ReportedField,
  readContractDocument,
} from '../src';

/** 1 000 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) };

const CASES_DIR = join(__dirname, '..', 'fixtures', 'contract-fields');
const DATASET = { namespace: 'snowflake://acme', name: 'raw.orders' };

interface FieldCase {
  target: ContractFieldTarget;
  properties?: unknown[];
  objects?: unknown[];
  consumers?: unknown[];
  lineage?: unknown[];
  reported: ReportedField[];
  expected: Array<Partial<ContractFieldProblem>>;
}

/** A contract binding `orders-value` and governing `raw.orders` (or the case's own objects and lineage). */
function contractOf(given: Pick<FieldCase, 'properties' | 'objects' | 'consumers' | 'lineage'>) {
  const objects = given.objects ?? [
    {
      name: 'orders',
      physicalName: 'orders',
      authoritativeDefinitions: [{ type: 'schemaRegistrySubject', url: 'subjects/orders-value' }],
      properties: given.properties ?? [],
    },
  ];
  const { contract, problems } = readContractDocument(
    {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'orders',
      version: '1.0.0',
      status: 'active',
      team: { name: 'orders' },
      schema: objects,
      customProperties: [
        { property: 'lineage', value: given.lineage ?? [DATASET] },
        ...(given.consumers ? [{ property: 'consumers', value: given.consumers }] : []),
      ],
    },
    { file: 'orders.yaml' },
  );
  if (!contract) throw new Error(`the case's contract is invalid: ${JSON.stringify(problems)}`);
  return contract;
}

/** What a case states of each problem: its code and field, and the other keys only where the case gives them. */
function project(problem: ContractFieldProblem, like: Partial<ContractFieldProblem>): Partial<ContractFieldProblem> {
  const keys = ['code', 'field', ...Object.keys(like)] as Array<keyof ContractFieldProblem>;
  return Object.fromEntries(keys.map((key) => [key, problem[key]]));
}

const cases = readdirSync(CASES_DIR)
  .filter((name) => name.endsWith('.yaml') && name !== 'type-names.yaml')
  .sort()
  .map(
    (name) => [name.replace(/\.yaml$/, ''), parse(readFileSync(join(CASES_DIR, name), 'utf8')) as FieldCase] as const,
  );

describe('checkContractFields: the case corpus (fixtures/contract-fields)', () => {
  it.each(cases)('%s', (_name, given) => {
    const problems = checkContractFields({
      contract: contractOf(given),
      target: given.target,
      fields: given.reported,
      file: 'orders.yaml',
    });
    expect(problems.map((problem, index) => project(problem, given.expected[index] ?? {}))).toEqual(given.expected);
    for (const problem of problems) {
      expect(problem.file).toBe('orders.yaml');
      expect(problem.message).toContain(problem.field);
    }
  });
});

describe('logicalTypeOf (fixtures/contract-fields/type-names.yaml)', () => {
  const table = parse(readFileSync(join(CASES_DIR, 'type-names.yaml'), 'utf8')) as Record<string, string[]>;
  const rows = Object.entries(table).flatMap(([logical, names]) =>
    names.map((name) => [name, logical === 'unknown' ? undefined : logical] as const),
  );
  it.each(rows)('%j holds %s', (name, logical) => {
    expect(logicalTypeOf(name)).toBe(logical);
  });
});

/** Generated contracts: nested properties with unique names per level, each with a logical type. */
interface GeneratedProperty {
  name: string;
  logicalType: LogicalType;
  properties?: GeneratedProperty[];
}

/** Type names a producer may report for each logical type (varied case and parameters). */
const REPORTED_NAMES: Record<LogicalType, string[]> = {
  string: ['string', 'VARCHAR(64)', 'text'],
  integer: ['bigint', 'INT', 'NUMBER(38,0)', 'long'],
  number: ['double', 'decimal(10,2)', 'FLOAT64', 'bigint'],
  boolean: ['boolean', 'BOOL'],
  date: ['date', 'DATE'],
  timestamp: ['timestamp', 'TIMESTAMP_NTZ(9)', 'timestamptz'],
  time: ['time', 'time-millis'],
  object: ['struct', 'record'],
  array: ['array<string>', 'ARRAY'],
};
const SCALARS = Object.keys(REPORTED_NAMES).filter((type) => type !== 'object') as LogicalType[];

const property: fc.Memo<GeneratedProperty[]> = fc.memo((depth) =>
  fc
    .uniqueArray(
      fc.record({
        name: fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/),
        logicalType: fc.constantFrom(...SCALARS),
        nested: depth > 1 ? fc.option(property(depth - 1), { nil: undefined }) : fc.constant(undefined),
      }),
      { selector: (entry) => entry.name, minLength: 1, maxLength: 5 },
    )
    .map((entries) =>
      entries.map(({ name, logicalType, nested }) =>
        nested && nested.length > 0
          ? { name, logicalType: 'object' as const, properties: nested }
          : { name, logicalType },
      ),
    ),
);

/** The contract's own properties as a producer would report them, each with a type name holding its type. */
function reportAll(properties: GeneratedProperty[], pick: number): ReportedField[] {
  return properties.map((entry, index) => {
    const names = REPORTED_NAMES[entry.logicalType];
    return {
      name: entry.name,
      type: names[(pick + index) % names.length]!,
      ...(entry.properties ? { fields: reportAll(entry.properties, pick + 1) } : {}),
    };
  });
}

function paths(properties: GeneratedProperty[], prefix = ''): string[] {
  return properties.flatMap((entry) => {
    const path = `${prefix}${entry.name}`;
    return [path, ...paths(entry.properties ?? [], `${path}.`)];
  });
}

/** The reported fields without the one at `path` (and so without its nested fields). */
function without(fields: ReportedField[], path: string, prefix = ''): ReportedField[] {
  return fields
    .filter((field) => `${prefix}${field.name}` !== path)
    .map((field) =>
      field.fields ? { ...field, fields: without([...field.fields], path, `${prefix}${field.name}.`) } : field,
    );
}

const targets: ContractFieldTarget[] = [{ subject: 'orders-value' }, { dataset: DATASET }];

describe('checkContractFields: properties', () => {
  it('finds nothing when the contract’s own properties are reported with their own types', () => {
    fc.assert(
      fc.property(property(3), fc.nat(), fc.constantFrom(...targets), (properties, pick, target) => {
        const contract = contractOf({ properties });
        expect(checkContractFields({ contract, target, fields: reportAll(properties, pick), file: 'c' })).toEqual([]);
      }),
      RUNS,
    );
  });

  it('finds exactly the dropped property (and what it nested) missing, nothing else', () => {
    fc.assert(
      fc.property(property(3), fc.nat(), fc.nat(), fc.constantFrom(...targets), (properties, pick, which, target) => {
        const all = paths(properties);
        const dropped = all[which % all.length]!;
        const contract = contractOf({ properties });
        const fields = without(reportAll(properties, pick), dropped);
        const problems = checkContractFields({ contract, target, fields, file: 'c' });
        expect(problems.map(({ code, field }) => ({ code, field }))).toEqual(
          all
            .filter((path) => path === dropped || path.startsWith(`${dropped}.`))
            .map((field) => ({ code: 'field-missing', field })),
        );
      }),
      RUNS,
    );
  });

  it('finds exactly the retyped property a mismatch, when its new type cannot hold the old', () => {
    fc.assert(
      fc.property(property(3), fc.nat(), fc.nat(), fc.constantFrom(...SCALARS), (properties, pick, which, next) => {
        const all = paths(properties);
        const retyped = all[which % all.length]!;
        const declared = all.includes(retyped) ? typeAt(properties, retyped) : undefined;
        fc.pre(declared !== undefined && declared !== 'object' && declared !== next);
        fc.pre(!(declared === 'number' && next === 'integer'));
        const contract = contractOf({ properties });
        const fields = retype(reportAll(properties, pick), retyped, REPORTED_NAMES[next][0]!);
        const problems = checkContractFields({ contract, target: { dataset: DATASET }, fields, file: 'c' });
        expect(problems.map(({ code, field, expected }) => ({ code, field, expected }))).toEqual([
          { code: 'field-type-mismatch', field: retyped, expected: declared },
        ]);
      }),
      RUNS,
    );
  });

  it('does not depend on the order fields are reported in, nor on extra fields', () => {
    fc.assert(
      fc.property(property(2), fc.nat(), fc.nat(), (properties, pick, seed) => {
        const contract = contractOf({ properties });
        const reported = reportAll(properties, pick);
        const dropped = paths(properties)[seed % paths(properties).length]!;
        const fields = without(reported, dropped);
        const shuffled = [{ name: 'zz_extra', type: 'string' }, ...[...fields].reverse()];
        const check = (given: ReportedField[]) =>
          checkContractFields({ contract, target: { dataset: DATASET }, fields: given, file: 'c' })
            .map((problem) => problem.field)
            .sort();
        expect(check(shuffled)).toEqual(check(fields));
      }),
      RUNS,
    );
  });
});

function typeAt(properties: GeneratedProperty[], path: string, prefix = ''): LogicalType | undefined {
  for (const entry of properties) {
    const here = `${prefix}${entry.name}`;
    if (here === path) return entry.logicalType;
    if (path.startsWith(`${here}.`)) return typeAt(entry.properties ?? [], path, `${here}.`);
  }
  return undefined;
}

function retype(fields: ReportedField[], path: string, type: string, prefix = ''): ReportedField[] {
  return fields.map((field) => {
    const here = `${prefix}${field.name}`;
    if (here === path) return { ...field, type };
    return field.fields ? { ...field, fields: retype([...field.fields], path, type, `${here}.`) } : field;
  });
}
