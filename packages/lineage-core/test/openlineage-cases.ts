import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenLineageViolationCode } from '../src';
import { SAMPLE_FLOW_FILE } from './sample-flow';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'openlineage');

export interface ExpectedViolation {
  code: OpenLineageViolationCode;
  path: string;
}

export interface EventCase {
  name: string;
  text: string;
}

export interface BadEventCase extends EventCase {
  /** `accepts` when the official schema takes the event and only a Charter rule or bound refuses it. */
  official: 'accepts' | 'rejects';
  /** Every violation Charter must report (in any order), and no other. */
  violations: ExpectedViolation[];
}

/** The good cases: every `fixtures/openlineage/good/*.json`. */
export function loadGoodEventCases(): EventCase[] {
  // The sample flow `npm start` loads (contracts/lineage/sample-flow.json) is held to the same standard.
  const sample = (JSON.parse(readFileSync(SAMPLE_FLOW_FILE, 'utf8')) as unknown[]).map((event, index) => ({
    name: `sample-flow #${index + 1}`,
    text: JSON.stringify(event),
  }));
  return [...listEvents(join(FIXTURES_DIR, 'good')), ...sample];
}

/** The bad cases: every `fixtures/openlineage/bad/<case>.json` with its `<case>.expected.json`. */
export function loadBadEventCases(): BadEventCase[] {
  const dir = join(FIXTURES_DIR, 'bad');
  return listEvents(dir).map((entry) => {
    const expected = JSON.parse(readFileSync(join(dir, `${entry.name}.expected.json`), 'utf8')) as Omit<
      BadEventCase,
      keyof EventCase
    >;
    return { ...entry, ...expected };
  });
}

/** Violations as `code path` lines, sorted, for order-free comparison. */
export function violationLines(violations: readonly { code: string; path: string }[]): string[] {
  return violations.map((violation) => `${violation.code} ${violation.path}`).sort();
}

function listEvents(dir: string): EventCase[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ name: name.replace(/\.json$/, ''), text: readFileSync(join(dir, name), 'utf8') }));
}
