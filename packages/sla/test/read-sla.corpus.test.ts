/**
 * The OpenSLO v1 validator against a corpus: test/corpus/valid/*.yaml must read without a problem, and each
 * test/corpus/invalid/*.yaml names on its first line the problem it must raise (`# expect: <rule> <path> at L:C`).
 *
 * Bad inputs tried (one corpus file each, broken YAML inline): broken YAML; a list instead of a mapping; a wrong apiVersion; an unknown
 * kind; names with capitals, 64 characters, a trailing dash; an unknown spec key; a 1051-character description; a
 * bad label key; targets of 1, −0.1 and targetPercent 100; target and targetPercent together; no indicator; two
 * indicators; windows of 30s, 0d and two windows; a bad IANA zone; a calendar window; an unknown budgeting method;
 * Timeslices without a slice; good and bad together; no total; raw without rawType; threshold and ratio together; a
 * source without type; a Datadog source; no query; a PromQL syntax error; an unknown function; `offset`; unresolved
 * service, SLI, policy, condition, target and DataSource refs; a duplicate SLO; two conditions in a policy; a
 * lookback in seconds; a bad operator; a threshold objective without op; a threshold SLI in Occurrences; a composite
 * objective; Charter annotations that are not durations, half given, or a short window longer than the lookback.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSla } from '../src';

const corpus = join(__dirname, 'corpus');
const casesOf = (kind: string) =>
  readdirSync(join(corpus, kind))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => [name, readFileSync(join(corpus, kind, name), 'utf8')] as const);

describe('valid OpenSLO documents', () => {
  it.each(casesOf('valid'))('%s reads without a problem', (name, text) => {
    const result = readSla(text, name);
    expect(result.problems).toEqual([]);
    expect(result.sla?.slos.length).toBeGreaterThan(0);
  });
});

describe('invalid OpenSLO documents', () => {
  const cases = casesOf('invalid');

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  // Broken YAML stays out of the corpus directory: Biome parses the repository's YAML files.
  it('reports broken YAML where the parser stopped', () => {
    const result = readSla(
      'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: web\n  bad: [unclosed\n',
      'x.yaml',
    );
    expect(result.sla).toBeUndefined();
    expect(result.problems).toEqual([
      expect.objectContaining({ rule: 'yaml-syntax', file: 'x.yaml', line: 6, column: 1 }),
    ]);
  });

  it.each(cases)('%s raises the problem its header names, where it names', (name, text) => {
    const header = /^# expect: (\S+) (\S+) at (\d+):(\d+)$/m.exec(text);
    expect(header).not.toBeNull();
    const [, rule, path, line, column] = header!;
    const result = readSla(text, name);
    expect(result.sla).toBeUndefined();
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        rule,
        path: path === '-' ? '' : path,
        line: Number(line),
        column: Number(column),
        file: name,
      }),
    );
  });
});
