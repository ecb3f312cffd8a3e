import type { Violation } from '../types';
import { type AvroField, type AvroNamed, type AvroNode, branchKey } from './avro-ast';
import { AVRO_PROMOTIONS } from './promotions';

/** Rule ids for Avro, one per incompatibility type of Avro's schema-resolution checker. */
export const AvroRule = {
  NameMismatch: 'avro-name-mismatch',
  FixedSizeMismatch: 'avro-fixed-size-mismatch',
  MissingEnumSymbols: 'avro-missing-enum-symbols',
  ReaderFieldMissingDefault: 'avro-reader-field-missing-default-value',
  TypeMismatch: 'avro-type-mismatch',
  MissingUnionBranch: 'avro-missing-union-branch',
} as const;

const ERROR_TYPES: Record<string, string> = {
  [AvroRule.NameMismatch]: 'NAME_MISMATCH',
  [AvroRule.FixedSizeMismatch]: 'FIXED_SIZE_MISMATCH',
  [AvroRule.MissingEnumSymbols]: 'MISSING_ENUM_SYMBOLS',
  [AvroRule.ReaderFieldMissingDefault]: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  [AvroRule.TypeMismatch]: 'TYPE_MISMATCH',
  [AvroRule.MissingUnionBranch]: 'MISSING_UNION_BRANCH',
};

export interface ReaderWriterLabels {
  reader: string;
  writer: string;
}

/**
 * Can data written with `writer` be read with `reader`? Follows Avro's schema-resolution rules the way Avro's Java
 * checker applies them (and so Confluent Schema Registry): unqualified names or reader aliases match named types,
 * reader field aliases match writer fields, an enum default covers missing symbols, writer unions need every branch
 * readable. Logical types, docs and default values do not matter. Recursive schemas are handled by assuming a pair
 * already being compared is compatible.
 */
export function checkAvroReaderWriter(reader: AvroNode, writer: AvroNode, labels: ReaderWriterLabels): Violation[] {
  return new ReaderWriterChecker(labels).check(reader, writer, '');
}

type Memo = Map<AvroNode, Map<AvroNode, Violation[] | 'in-progress'>>;

class ReaderWriterChecker {
  /** Shared by the nested checks of one comparison, as in Avro's checker: a pair in progress counts as compatible. */
  constructor(
    private readonly labels: ReaderWriterLabels,
    private readonly memo: Memo = new Map(),
  ) {}

  private nested(): ReaderWriterChecker {
    return new ReaderWriterChecker(this.labels, this.memo);
  }

  check(reader: AvroNode, writer: AvroNode, path: string): Violation[] {
    // Only named types can recur, so only they need the memo (and it stays small on wide records).
    if (reader.kind !== 'record' && reader.kind !== 'enum' && reader.kind !== 'fixed')
      return this.compare(reader, writer, path);
    let byWriter = this.memo.get(reader);
    if (!byWriter) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    const known = byWriter.get(writer);
    if (known === 'in-progress') return [];
    if (known) return known;
    byWriter.set(writer, 'in-progress');
    const result = this.compare(reader, writer, path);
    byWriter.set(writer, result);
    return result;
  }

  private compare(reader: AvroNode, writer: AvroNode, path: string): Violation[] {
    if (reader.kind === writer.kind) {
      switch (reader.kind) {
        case 'primitive':
          if (writer.kind === 'primitive' && reader.type === writer.type) return [];
          break;
        case 'array':
          return this.check(reader.items, (writer as typeof reader).items, `${path}/items`);
        case 'map':
          return this.check(reader.values, (writer as typeof reader).values, `${path}/values`);
        case 'fixed': {
          const other = writer as typeof reader;
          const nameProblem = this.checkName(reader, other, path);
          if (nameProblem) return [nameProblem];
          if (reader.size !== other.size) {
            return [
              this.violation(
                AvroRule.FixedSizeMismatch,
                `${path}/size`,
                `expected: ${other.size}, found: ${reader.size}`,
                { writerSize: other.size, readerSize: reader.size },
              ),
            ];
          }
          return [];
        }
        case 'enum': {
          const other = writer as typeof reader;
          const nameProblem = this.checkName(reader, other, path);
          if (nameProblem) return [nameProblem];
          const readerSymbols = symbolSet(reader);
          const missing = other.symbols.filter((symbol) => !readerSymbols.has(symbol)).sort();
          if (missing.length === 0 || reader.default !== undefined) return [];
          return [
            this.violation(AvroRule.MissingEnumSymbols, `${path}/symbols`, `[${missing.join(', ')}]`, {
              missingSymbols: missing,
            }),
          ];
        }
        case 'record':
          return this.compareRecords(reader, writer as typeof reader, path);
        case 'union': {
          const other = writer as typeof reader;
          const violations: Violation[] = [];
          other.branches.forEach((branch, index) => {
            // Avro's checker judges each writer branch against the whole reader union, from a fresh location.
            if (this.nested().check(reader, branch, '').length > 0) {
              violations.push(
                this.violation(
                  AvroRule.MissingUnionBranch,
                  `${path}/${index}`,
                  `reader union lacking writer type: ${typeLabel(branch)}`,
                  { writerType: typeLabel(branch) },
                ),
              );
            }
          });
          return violations;
        }
      }
    }
    if (writer.kind === 'union') {
      return writer.branches.flatMap((branch, index) => this.check(reader, branch, `${path}/${index}`));
    }
    if (reader.kind === 'union') {
      // Try the branch of the writer's own type first: same verdict, without building violations for the others.
      const sameType = reader.branches.find((branch) => branchKey(branch) === branchKey(writer));
      if (sameType && this.nested().check(sameType, writer, '').length === 0) return [];
      for (const branch of reader.branches) {
        if (branch !== sameType && this.nested().check(branch, writer, '').length === 0) return [];
      }
      return [
        this.violation(AvroRule.MissingUnionBranch, path, `reader union lacking writer type: ${typeLabel(writer)}`, {
          writerType: typeLabel(writer),
        }),
      ];
    }
    if (
      reader.kind === 'primitive' &&
      writer.kind === 'primitive' &&
      AVRO_PROMOTIONS[writer.type]?.includes(reader.type)
    )
      return [];
    return [
      this.violation(
        AvroRule.TypeMismatch,
        path,
        `reader type: ${typeLabel(reader)} not compatible with writer type: ${typeLabel(writer)}`,
        {
          readerType: typeLabel(reader),
          writerType: typeLabel(writer),
        },
      ),
    ];
  }

  private compareRecords(
    reader: AvroNode & { kind: 'record' },
    writer: AvroNode & { kind: 'record' },
    path: string,
  ): Violation[] {
    const nameProblem = this.checkName(reader, writer, path);
    if (nameProblem) return [nameProblem];
    const violations: Violation[] = [];
    for (const field of reader.fields) {
      const fieldPath = `${path}/fields/${field.position}`;
      const byName = fieldsByName(writer);
      const writerField =
        byName.get(field.name) ?? field.aliases.map((alias) => byName.get(alias)).find((f) => f !== undefined);
      if (writerField) {
        violations.push(...this.check(field.type, writerField.type, `${fieldPath}/type`));
      } else if (!field.hasDefault) {
        violations.push(
          this.violation(AvroRule.ReaderFieldMissingDefault, fieldPath, field.name, { field: field.name }),
        );
      }
    }
    return violations;
  }

  private checkName(reader: AvroNamed, writer: AvroNamed, path: string): Violation | undefined {
    if (reader.name === writer.name || reader.aliases.includes(writer.fullName)) return undefined;
    return this.violation(AvroRule.NameMismatch, `${path}/name`, `expected: ${writer.fullName}`, {
      readerName: reader.fullName,
      writerName: writer.fullName,
    });
  }

  private violation(rule: string, path: string, detail: string, params: Record<string, unknown>): Violation {
    const at = path || '/';
    const { reader, writer } = this.labels;
    const description = describe(rule, at, detail, reader, writer);
    return {
      rule,
      path: at,
      message: description,
      params: { ...params, errorType: ERROR_TYPES[rule], additionalInfo: detail },
    };
  }
}

/** Confluent's wording for each Avro incompatibility, with the reader and writer named ("new"/"old"). */
function describe(rule: string, path: string, detail: string, reader: string, writer: string): string {
  switch (rule) {
    case AvroRule.FixedSizeMismatch:
      return `The size of FIXED type field at path '${path}' in the ${reader} schema does not match with the ${writer} schema`;
    case AvroRule.TypeMismatch:
      return `The type (path '${path}') of a field in the ${reader} schema does not match with the ${writer} schema`;
    case AvroRule.NameMismatch:
      return `The name of the schema has changed (path '${path}')`;
    case AvroRule.MissingEnumSymbols:
      return `The ${reader} schema is missing enum symbols '${detail}' at path '${path}' in the ${writer} schema`;
    case AvroRule.MissingUnionBranch:
      return `The ${reader} schema is missing a type inside a union field at path '${path}' in the ${writer} schema`;
    default:
      return `The field '${detail}' at path '${path}' in the ${reader} schema has no default value and is missing in the ${writer} schema`;
  }
}

const symbolSets = new WeakMap<AvroNode, Set<string>>();

/** An enum's symbols as a set, built once per enum node: membership stays O(1) on wide enums. */
function symbolSet(node: AvroNode & { kind: 'enum' }): Set<string> {
  let symbols = symbolSets.get(node);
  if (!symbols) {
    symbols = new Set(node.symbols);
    symbolSets.set(node, symbols);
  }
  return symbols;
}

const fieldIndexes = new WeakMap<AvroNode, Map<string, AvroField>>();

/** Writer fields by name, built once per record node: lookups stay O(1) on wide records. */
function fieldsByName(record: AvroNode & { kind: 'record' }): Map<string, AvroField> {
  let index = fieldIndexes.get(record);
  if (!index) {
    index = new Map(record.fields.map((field) => [field.name, field]));
    fieldIndexes.set(record, index);
  }
  return index;
}

function typeLabel(node: AvroNode): string {
  return (node.kind === 'primitive' ? node.type : node.kind).toUpperCase();
}
