// The pure half of `charter diff`: pairs two snapshots of a contracts directory and judges the change. No I/O.
import { CONTRACT_FILE, type Contract, DEFAULT_COMPATIBILITY, type LoadedContractsDirectory } from '@charter/contracts';
import {
  type CompatibilityLevel,
  checkCompatibility,
  diffSchemas,
  type ParsedSchema,
  parseSchema,
  SchemaError,
  type SchemaType,
} from '@charter/schema';
import { DiffInputError } from './diff-input-error';
import type { DiffChange, DiffReason, DiffReport, TreeFile } from './diff-report';
import { findFieldLine } from './find-field-line';
import { readDeclaredReferences, resolveReferences } from './schema-references';

export interface DiffSide {
  ref: string;
  /** Every file under the diffed path, by repository-relative path. */
  files: Map<string, TreeFile>;
  /** The same files read as a contracts directory (loadContractsDirectory). */
  loaded: LoadedContractsDirectory;
}

interface SchemaFile {
  file: string;
  /** `<domain>/schemas/<subject>` under the path: what pairs versions of one subject. */
  directory: string;
  subject: string;
  version: number;
  schemaType: SchemaType;
}

const SCHEMA_FILE = /^(([^/]+)\/schemas\/([^/]+))\/v([1-9]\d*)\.(avsc|json)$/;

function schemaFileOf(path: string, file: string): SchemaFile | undefined {
  const match = SCHEMA_FILE.exec(path === '' ? file : file.slice(path.length + 1));
  if (!match) return undefined;
  return {
    file,
    directory: match[1]!,
    subject: match[3]!,
    version: Number(match[4]),
    schemaType: match[5] === 'avsc' ? 'AVRO' : 'JSON',
  };
}

const isContractFile = (path: string, file: string) =>
  new RegExp(`^[^/]+/${CONTRACT_FILE.replace(/\./g, '\\.')}$`).test(path === '' ? file : file.slice(path.length + 1));

/** Pairs `base` and `head` under `path` and gives every change, the reasons and the verdict. */
export function diffTrees(options: { path: string; base: DiffSide; head: DiffSide }): DiffReport {
  const { path, base, head } = options;
  const changes: DiffChange[] = [];
  const reasons: DiffReason[] = [];
  const added = [...head.files.keys()].filter((file) => !base.files.has(file));
  const deleted = [...base.files.keys()].filter((file) => !head.files.has(file));
  const modified = [...head.files.keys()].filter(
    (file) => base.files.has(file) && base.files.get(file)!.id !== head.files.get(file)!.id,
  );

  // Renames: a deleted file whose exact content was added elsewhere.
  const renamedFrom = new Map<string, string>();
  for (const from of deleted) {
    const to = added.find((file) => !renamedFrom.has(file) && head.files.get(file)!.id === base.files.get(from)!.id);
    if (to) renamedFrom.set(to, from);
  }

  const headSchemas = [...head.files.keys()].flatMap((file) => schemaFileOf(path, file) ?? []);
  const contractOf = subjectContracts(head.loaded);
  const parsed = new Map<string, ParsedSchema>();
  const parse = (entry: SchemaFile): ParsedSchema => {
    const cached = parsed.get(entry.file);
    if (cached) return cached;
    const file = head.files.get(entry.file)!;
    if (file.binary)
      throw new DiffInputError(
        'schema-binary',
        `${entry.file}: binary content where a schema was expected`,
        entry.file,
      );
    const references = resolveReferences(
      readDeclaredReferences(head.files, entry.file),
      entry.file,
      headSchemas,
      head.files,
    );
    try {
      const schema = parseSchema({ schemaType: entry.schemaType, schema: file.text, references });
      parsed.set(entry.file, schema);
      return schema;
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      throw new DiffInputError(
        'schema-unparseable',
        `${entry.file}: ${entry.schemaType} schema cannot be parsed (${error.code}) at ${error.path}: ${error.message}`,
        entry.file,
      );
    }
  };

  const touchedDirectories = new Set<string>();
  for (const file of [...added, ...modified].sort()) {
    const entry = schemaFileOf(path, file);
    if (!entry) continue;
    touchedDirectories.add(entry.directory);
    const from = renamedFrom.get(file);
    const kind = from ? 'schema-renamed' : added.includes(file) ? 'schema-added' : 'schema-changed';
    const change: DiffChange = { kind, file, subject: entry.subject, version: entry.version };
    if (from) change.from = from;
    changes.push(change);
    const schema = parse(entry);
    const earlier = headSchemas
      .filter((other) => other.directory === entry.directory && other.version < entry.version)
      .sort((a, b) => a.version - b.version);
    const previous = earlier.map(parse);
    const level: CompatibilityLevel = contractOf.get(entry.subject)?.compatibility ?? DEFAULT_COMPATIBILITY;
    if (previous.length > 0) {
      change.fieldChanges = diffSchemas(previous.at(-1)!, schema);
      const result = checkCompatibility({ candidate: schema, previous, level });
      change.compatibility = {
        level,
        isCompatible: result.isCompatible,
        checkedVersions: result.checked.map((index) => earlier[index]!.version),
        incompatibilities: result.incompatibilities.map((found) => ({
          ...found,
          version: earlier[found.previousIndex]!.version,
        })),
      };
      for (const found of change.compatibility.incompatibilities) {
        const fieldChange = change.fieldChanges.find((c) => c.path === found.path && c.field !== '');
        const field = fieldChange?.field;
        const line = findFieldLine(head.files.get(file)!.text, field);
        reasons.push({
          code: 'incompatible-schema',
          blocking: true,
          file,
          subject: entry.subject,
          version: entry.version,
          ...(line === undefined ? {} : { line }),
          ...(field === undefined ? {} : { field }),
          message: `${entry.subject} v${entry.version} is not ${level} compatible with v${found.version} (${found.rule}): ${found.message}`,
        });
      }
    }
    if (kind === 'schema-changed') {
      reasons.push({
        code: 'version-modified',
        blocking: true,
        file,
        message: `${entry.subject} v${entry.version} was already published on ${base.ref} and its content changed: add v${maxVersion(headSchemas, entry.directory) + 1} instead`,
      });
    }
  }

  // Deleted schema versions: a whole subject directory, or single versions (a rename included).
  const deletedSchemas = deleted.flatMap((file) => schemaFileOf(path, file) ?? []);
  const goneDirectories = new Set(
    deletedSchemas
      .map((entry) => entry.directory)
      .filter((directory) => !headSchemas.some((entry) => entry.directory === directory)),
  );
  for (const directory of [...goneDirectories].sort()) {
    const versions = deletedSchemas.filter((entry) => entry.directory === directory);
    const subject = versions[0]!.subject;
    const file = `${path === '' ? '' : `${path}/`}${directory}`;
    changes.push({ kind: 'subject-deleted', file, subject });
    reasons.push({
      code: 'subject-deleted',
      blocking: true,
      file,
      message: `subject directory ${file} was deleted: its published version(s) ${versions.map((v) => `v${v.version}`).join(', ')} would be gone`,
    });
  }
  const renamedTo = new Map([...renamedFrom].map(([to, from]) => [from, to]));
  for (const entry of deletedSchemas) {
    if (goneDirectories.has(entry.directory)) continue;
    const to = renamedTo.get(entry.file);
    if (!to) changes.push({ kind: 'schema-deleted', file: entry.file, subject: entry.subject, version: entry.version });
    reasons.push({
      code: 'version-deleted',
      blocking: true,
      file: entry.file,
      message: `${entry.subject} v${entry.version} was published on ${base.ref} and is ${to ? `renamed to ${to}` : 'deleted'} on ${head.ref}: published versions are immutable`,
    });
  }
  for (const [to, from] of renamedFrom) {
    if (!schemaFileOf(path, to) && !schemaFileOf(path, from)) changes.push({ kind: 'file-renamed', file: to, from });
  }

  // Contracts.
  const baseContracts = contractsByFile(base.loaded);
  const headContracts = contractsByFile(head.loaded);
  const touchedContracts = new Set<string>();
  for (const file of [...added, ...modified, ...deleted].filter((f) => isContractFile(path, f)).sort()) {
    const before = baseContracts.get(file);
    const after = headContracts.get(file);
    if (head.files.has(file) && !after) {
      const problem = head.loaded.problems.find((p) => p.file === file);
      throw new DiffInputError(
        'contract-invalid',
        `${file}${problem?.line ? `:${problem.line}` : ''}: the contract on ${head.ref} is invalid: ${problem?.message ?? 'it cannot be read'}`,
        file,
      );
    }
    if (!after) {
      changes.push({ kind: 'contract-deleted', file, ...(before ? { contract: before.id } : {}) });
      reasons.push({
        code: 'contract-deleted',
        blocking: true,
        file,
        message: `contract ${file} was deleted: its consumers lose their guarantees`,
      });
      continue;
    }
    touchedContracts.add(file);
    if (!before) {
      changes.push({ kind: 'contract-added', file, contract: after.id });
      continue;
    }
    changes.push(contractChange(file, before, after, base.ref, reasons));
  }
  for (const contract of head.loaded.contracts) {
    const dir = contract.file.slice(0, -CONTRACT_FILE.length - 1);
    const prefix = path === '' ? '' : `${path}/`;
    if (
      contract.contract.subjects.some((s) => touchedDirectories.has(`${dir.slice(prefix.length)}/schemas/${s.subject}`))
    )
      touchedContracts.add(contract.file);
  }

  // Declared and consumer-used fields the head schemas no longer have; problems base already had are not new.
  const known = new Set(base.loaded.problems.map((p) => `${p.code} ${p.file} ${p.message}`));
  for (const problem of head.loaded.problems) {
    if (problem.code !== 'field-missing' && problem.code !== 'field-type-mismatch') continue;
    if (!touchedContracts.has(problem.file) || known.has(`${problem.code} ${problem.file} ${problem.message}`))
      continue;
    const field = (problem as { field?: string }).field ?? /field "([^"]+)"/.exec(problem.message)?.[1];
    reasons.push({
      code: problem.code,
      blocking: true,
      file: problem.file,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      ...(field === undefined ? {} : { field }),
      message: problem.message,
    });
  }

  return {
    base: base.ref,
    head: head.ref,
    path,
    verdict: reasons.some((reason) => reason.blocking) ? 'blocked' : 'pass',
    changes,
    reasons,
    impact: { status: 'not-assessed', reason: 'no --lineage-url given' },
    approvals: { status: 'not-checked', reason: 'no --registry-url given' },
  };
}

function contractChange(file: string, before: Contract, after: Contract, baseRef: string, reasons: DiffReason[]) {
  const change: DiffChange = { kind: 'contract-changed', file, contract: after.id };
  const order = compareVersions(after.version, before.version);
  if (order !== 0) change.contractVersion = { base: before.version, head: after.version };
  if (order < 0) {
    reasons.push({
      code: 'contract-version-lowered',
      blocking: true,
      file,
      message: `contract ${after.id} version went down from ${before.version} to ${after.version}`,
    });
  } else if (order === 0 && !sameContent(before, after)) {
    reasons.push({
      code: 'contract-version-not-bumped',
      blocking: true,
      file,
      message: `contract ${after.id} changed but its version is still ${after.version} (as on ${baseRef}): bump it`,
    });
  }
  if (before.team !== after.team) {
    change.team = { base: before.team, head: after.team };
    reasons.push({
      code: 'owner-changed',
      blocking: true,
      file,
      message: `contract ${after.id} changes its owning team from ${before.team} to ${after.team}: ownership moves need an admin`,
    });
  }
  if (before.severityTier !== after.severityTier) {
    change.severityTier = { base: before.severityTier, head: after.severityTier };
    reasons.push({
      code: 'severity-tier-changed',
      blocking: false,
      file,
      message: `contract ${after.id} severity tier changes from ${before.severityTier} to ${after.severityTier}`,
    });
  }
  return change;
}

/** The contract documents, the version aside (comments and formatting are not content). */
function sameContent(before: Contract, after: Contract): boolean {
  const strip = (document: Record<string, unknown>) => JSON.stringify({ ...document, version: undefined });
  return strip(before.document) === strip(after.document);
}

/**
 * Semantic-version order of `a` and `b`: the dotted core part by part (numbers as numbers, a missing part as 0),
 * then a pre-release (`1.0.0-rc.1`) before the release; build metadata (`+…`) is ignored.
 */
export function compareVersions(a: string, b: string): number {
  const split = (version: string) => {
    const [core = '', ...pre] = version.split('+')[0]!.split('-');
    return { core: core.split('.'), pre: pre.join('-') };
  };
  const x = split(a);
  const y = split(b);
  const core = compareParts(x.core, y.core, '0');
  if (core !== 0) return core;
  if (x.pre === '' || y.pre === '') return Math.sign(y.pre.length) - Math.sign(x.pre.length);
  return compareParts(x.pre.split('.'), y.pre.split('.'), '');
}

function compareParts(a: string[], b: string[], missing: string): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index] ?? missing;
    const y = b[index] ?? missing;
    const order = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

function maxVersion(schemas: SchemaFile[], directory: string): number {
  return Math.max(0, ...schemas.filter((entry) => entry.directory === directory).map((entry) => entry.version));
}

function subjectContracts(loaded: LoadedContractsDirectory): Map<string, Contract> {
  const bySubject = new Map<string, Contract>();
  for (const { contract } of loaded.contracts)
    for (const { subject } of contract.subjects) bySubject.set(subject, contract);
  return bySubject;
}

function contractsByFile(loaded: LoadedContractsDirectory): Map<string, Contract> {
  return new Map(loaded.contracts.map((entry) => [entry.file, entry.contract]));
}
