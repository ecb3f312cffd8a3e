import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractProblemCode } from '../src';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'contracts');
export const SAMPLE_CONTRACTS_DIR = join(__dirname, '..', '..', '..', 'contracts');

export interface ExpectedProblem {
  code: ContractProblemCode;
  path?: string;
  line: number;
  /** `valid` when the official ODCS schema accepts the file and only Charter's own rules refuse it. */
  official?: 'valid';
}

export interface ContractCase {
  name: string;
  file: string;
  text: string;
}

export interface BadContractCase extends ContractCase {
  expected: ExpectedProblem;
}

/** The good cases: every `fixtures/contracts/good/*.yaml`. */
export function loadGoodCases(): ContractCase[] {
  return listYaml(join(FIXTURES_DIR, 'good'));
}

/**
 * The bad cases: every `fixtures/contracts/bad/*.yaml`, with the expected problem from a sibling `<case>.expected.json`
 * or from the file's leading comments (`# code: …`, `# path: …`, `# line: …`, `# official: valid`).
 */
export function loadBadCases(): BadContractCase[] {
  return listYaml(join(FIXTURES_DIR, 'bad')).map((entry) => {
    const sibling = entry.file.replace(/\.yaml$/, '.expected.json');
    const expected = existsSync(sibling)
      ? (JSON.parse(readFileSync(sibling, 'utf8')) as ExpectedProblem)
      : readHeader(entry.text, entry.file);
    return { ...entry, expected };
  });
}

function listYaml(dir: string): ContractCase[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      return { name: name.replace(/\.yaml$/, ''), file, text: readFileSync(file, 'utf8') };
    });
}

function readHeader(text: string, file: string): ExpectedProblem {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const match = /^#\s*(code|path|line|official):\s*(.*)$/.exec(line);
    if (match) fields[match[1]!] = match[2]!.trim();
  }
  if (!fields.code || !fields.line) throw new Error(`${file}: the leading comments must give "# code:" and "# line:"`);
  const path = fields.path === '""' ? '' : fields.path;
  return {
    code: fields.code as ContractProblemCode,
    line: Number(fields.line),
    ...(path !== undefined ? { path } : {}),
    ...(fields.official === 'valid' ? { official: 'valid' as const } : {}),
  };
}
