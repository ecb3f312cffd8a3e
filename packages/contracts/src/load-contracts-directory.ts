import { join } from 'node:path';
import { checkCompatibility, type ParsedSchema, parseSchema, SchemaError } from '@charter/schema';
import { checkContractFields } from './check-contract-fields';
import { checkContractOwnership } from './check-contract-ownership';
import type { Contract } from './contract';
import type { ContractProblem } from './contract-problem';
import { readContractSubjects } from './contract-subjects';
import { type Environment, parseEnvironments } from './environments';
import { type Ownership, parseOwnership } from './ownership';
import { parseContract } from './parse-contract';
import { schemaFieldPaths } from './schema-field-paths';
import { locateProblems, locateYamlPath, parseYamlWithPositions } from './yaml-locations';

export const CONTRACT_FILE = 'contract.odcs.yaml';
export const OWNERSHIP_FILE = 'ownership.yaml';
export const ENVIRONMENTS_FILE = 'env.yaml';
const SCHEMA_FILE = /^v([1-9]\d*)\.(avsc|json)$/;

export interface SchemaVersionFile {
  version: number;
  file: string;
  schemaType: 'AVRO' | 'JSON';
  text: string;
}

export interface LoadedContract {
  file: string;
  contract: Contract;
  schemaVersions: Array<{ subject: string; versions: SchemaVersionFile[] }>;
}

/**
 * What loading needs of a file system; the package does no I/O itself (`@charter/contracts/node` reads a disk).
 * Paths are joined with node:path, so they are the host's.
 */
export interface ContractFiles {
  /** A file's text, or undefined when there is no such file. */
  readText(file: string): Promise<string | undefined>;
  /** The entries of a directory, or none when it does not exist. */
  list(dir: string): Promise<Array<{ name: string; isDirectory: boolean }>>;
}

export interface LoadedContractsDirectory {
  contracts: LoadedContract[];
  ownership?: Ownership;
  environments?: Environment[];
  problems: ContractProblem[];
}

/**
 * Reads a contracts directory — `ownership.yaml`, `env.yaml`, every `<domain>/contract.odcs.yaml` and the schema
 * files `<domain>/schemas/<subject>/v<N>.avsc|.json` — and checks it as a whole: contract validity, ownership, schema
 * files present and parseable, each version compatible with the earlier ones at the contract's level, declared and
 * consumed fields present in the latest version, contract ids unique. Files are read through `files`.
 */
export async function loadContractsDirectory(dir: string, files: ContractFiles): Promise<LoadedContractsDirectory> {
  const problems: ContractProblem[] = [];
  const result: LoadedContractsDirectory = { contracts: [], problems };

  const ownershipFile = join(dir, OWNERSHIP_FILE);
  const ownershipText = await files.readText(ownershipFile);
  if (ownershipText === undefined) problems.push(missingFile(ownershipFile, 'the ownership file is missing'));
  else {
    const parsed = parseOwnership(ownershipText, { file: ownershipFile });
    problems.push(...parsed.problems);
    if (parsed.ownership) result.ownership = parsed.ownership;
  }

  const environmentsFile = join(dir, ENVIRONMENTS_FILE);
  const environmentsText = await files.readText(environmentsFile);
  if (environmentsText === undefined) problems.push(missingFile(environmentsFile, 'the environments file is missing'));
  else {
    const parsed = parseEnvironments(environmentsText, { file: environmentsFile });
    problems.push(...parsed.problems);
    if (parsed.environments) result.environments = parsed.environments;
  }

  const seenIds = new Map<string, string>();
  for (const domain of await listDirectories(files, dir)) {
    const domainDir = join(dir, domain);
    const file = join(domainDir, CONTRACT_FILE);
    const text = await files.readText(file);
    if (text === undefined) {
      if ((await files.list(domainDir)).some((entry) => entry.isDirectory && entry.name === 'schemas')) {
        problems.push(missingFile(file, `domain "${domain}" has schemas but no ${CONTRACT_FILE}`));
      }
      continue;
    }
    const parsed = parseContract(text, { file });
    problems.push(...parsed.problems);
    const contract = parsed.contract;
    if (!contract) continue;
    const contractYaml = parseYamlWithPositions(text);
    const contractProblems: ContractProblem[] = [];

    const firstFile = seenIds.get(contract.id);
    if (firstFile !== undefined) {
      contractProblems.push({
        code: 'duplicate-contract',
        file,
        path: '/id',
        message: `contract id "${contract.id}" is already used by ${firstFile}`,
      });
    } else seenIds.set(contract.id, file);

    if (result.ownership) contractProblems.push(...checkContractOwnership(contract, result.ownership, { file }));

    const loaded: LoadedContract = { file, contract, schemaVersions: [] };
    for (const binding of readContractSubjects(contract.document, { file }).subjects) {
      const subjectDir = join(domainDir, 'schemas', binding.subject);
      const versions = await readSchemaVersions(files, subjectDir);
      loaded.schemaVersions.push({ subject: binding.subject, versions });
      const bindingPath = `/schema/${binding.objectIndex}/authoritativeDefinitions/${binding.definitionIndex}/url`;
      if (versions.length === 0) {
        contractProblems.push({
          code: 'missing-file',
          file,
          path: bindingPath,
          message: `subject "${binding.subject}" has no schema files (${join(subjectDir, 'v1.avsc')} or v1.json)`,
        });
        continue;
      }
      const gap = versions.findIndex((entry, index) => entry.version !== index + 1);
      if (gap >= 0) {
        contractProblems.push({
          code: 'missing-file',
          file,
          path: bindingPath,
          message: `subject "${binding.subject}" has no schema file for version ${gap + 1} (versions must run v1, v2, …)`,
        });
        continue;
      }
      const schemas = versions.map((entry) => parseSchemaFile(entry, problems));
      if (schemas.some((schema) => schema === undefined)) continue;
      const parsedSchemas = schemas as ParsedSchema[];
      for (let index = 1; index < parsedSchemas.length; index++) {
        const check = checkCompatibility({
          candidate: parsedSchemas[index]!,
          previous: parsedSchemas.slice(0, index),
          level: contract.compatibility,
        });
        const candidate = versions[index]!;
        for (const incompatibility of check.incompatibilities) {
          problems.push(
            locateInSchemaFile(candidate, {
              code: 'incompatible-evolution',
              file: candidate.file,
              path: incompatibility.path === '/' ? '' : incompatibility.path,
              message: `v${candidate.version} is not ${contract.compatibility} compatible with v${versions[incompatibility.previousIndex]!.version} (${incompatibility.rule}): ${incompatibility.message}`,
            }),
          );
        }
      }
      const latest = versions[versions.length - 1]!;
      const fields = schemaFieldPaths(latest.schemaType, latest.text).map((name) => ({ name }));
      contractProblems.push(...checkContractFields({ contract, target: { subject: binding.subject }, fields, file }));
    }
    problems.push(...locateProblems(contractYaml, contractProblems));
    result.contracts.push(loaded);
  }
  return result;
}

async function readSchemaVersions(files: ContractFiles, subjectDir: string): Promise<SchemaVersionFile[]> {
  const versions: SchemaVersionFile[] = [];
  for (const { name, isDirectory } of await files.list(subjectDir)) {
    if (isDirectory) continue;
    const match = SCHEMA_FILE.exec(name);
    if (!match) continue;
    const file = join(subjectDir, name);
    versions.push({
      version: Number(match[1]),
      file,
      schemaType: match[2] === 'avsc' ? 'AVRO' : 'JSON',
      text: (await files.readText(file)) ?? '',
    });
  }
  return versions.sort((a, b) => a.version - b.version || a.file.localeCompare(b.file));
}

function parseSchemaFile(entry: SchemaVersionFile, problems: ContractProblem[]): ParsedSchema | undefined {
  try {
    return parseSchema({ schemaType: entry.schemaType, schema: entry.text });
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    problems.push(
      locateInSchemaFile(entry, {
        code: 'schema-unparseable',
        file: entry.file,
        path: error.path === '/' ? '' : error.path,
        message: `${entry.schemaType} schema v${entry.version} cannot be parsed (${error.code}): ${error.message}`,
      }),
    );
    return undefined;
  }
}

/** Gives a problem in a schema file its line: JSON is YAML, so the same locator works; syntax errors use their own. */
function locateInSchemaFile(entry: SchemaVersionFile, problem: ContractProblem): ContractProblem {
  const parsed = parseYamlWithPositions(entry.text);
  const syntaxError = parsed.document.errors[0]?.linePos?.[0];
  if (syntaxError) return { ...problem, line: syntaxError.line, column: syntaxError.col };
  return { ...problem, ...locateYamlPath(parsed, problem.path) };
}

function missingFile(file: string, message: string): ContractProblem {
  return { code: 'missing-file', file, path: '', message };
}

async function listDirectories(files: ContractFiles, dir: string): Promise<string[]> {
  const entries = await files.list(dir);
  return entries
    .filter((entry) => entry.isDirectory && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort();
}
