// The scenario format: every shipped scenario loads; bad files give line-precise problems.
// Bad inputs tried: not YAML, an unknown fault kind, a bad duration, an unknown key, a hypothesis bound above 1,
// a missing section, a runbook that is not a file name, poison pills of an unknown sort, a pipeline workload going
// through the proxy by an unknown path, a negative bandwidth.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatScenarioProblem, loadScenario } from './drill-scenario';

const SCENARIOS = path.resolve(__dirname, '../../../../runbooks/scenarios');
const REGISTRY_DOWN = readFileSync(path.join(SCENARIOS, 'registry-down.yaml'), 'utf8');
const POISON_PILLS = readFileSync(path.join(SCENARIOS, 'poison-pills.yaml'), 'utf8');
const KAFKA_LAG = readFileSync(path.join(SCENARIOS, 'kafka-lag.yaml'), 'utf8');

describe('loadScenario', () => {
  it.each(readdirSync(SCENARIOS).filter((file) => file.endsWith('.yaml')))('loads runbooks/scenarios/%s', (file) => {
    const result = loadScenario(readFileSync(path.join(SCENARIOS, file), 'utf8'));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('reads durations in milliseconds and fills the defaults', () => {
    const result = loadScenario(REGISTRY_DOWN);
    if (!result.ok) throw new Error('registry-down must load');
    expect(result.scenario.steadyState.duration).toBe(2_000);
    expect(result.scenario.abort).toEqual({ notDetectedWithin: 15_000, maxDuration: 120_000 });
    expect(result.scenario.workload).toMatchObject({ kind: 'registry-reads', retryEvery: 100 });
  });

  const lineOf = (needle: string) => REGISTRY_DOWN.split('\n').findIndex((line) => line.includes(needle)) + 1;

  it.each([
    ['an unknown fault kind', 'kind: proxy-down', 'kind: proxy-gone', '/fault/kind'],
    ['a bad duration', 'duration: 2s', 'duration: two seconds', '/steadyState/duration'],
    ['a bound above 1', 'atLeast: 0.999', 'atLeast: 1.5', '/steadyState/hypotheses/0/atLeast'],
    ['an unknown key', 'notDetectedWithin: 15s', 'giveUpAfter: 1m\n  notDetectedWithin: 15s', '/abort/giveUpAfter'],
    ['a runbook path', 'runbook: component-outage.yaml', 'runbook: ../etc/passwd', '/runbook'],
  ])('%s: a problem at the line of the field', (_name, find, replace, pointer) => {
    const result = loadScenario(REGISTRY_DOWN.replace(find, replace));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual([pointer]);
    expect(result.problems[0]!.code).toBe('invalid-field');
    expect(result.problems[0]!.line).toBe(lineOf(find.split('\n')[0]!));
  });

  it.each([
    ['a pill of an unknown sort', POISON_PILLS, 'contract-violating]', 'contract-violating, emoji]', '/fault/sorts/3'],
    ['an unknown proxy path', KAFKA_LAG, 'through: consumer', 'through: producer', '/workload/through'],
    ['a negative bandwidth', KAFKA_LAG, 'rate: 2', 'rate: -2', '/fault/rate'],
  ])('%s: a problem at its field', (_name, text, find, replace, pointer) => {
    const result = loadScenario(text.replace(find, replace));
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual([pointer]);
  });

  it('not YAML: a syntax problem with its line', () => {
    const result = loadScenario('apiVersion: charter.dev/drill/v1\nkind: [Drill\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.code).toBe('yaml-syntax');
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('formats a problem as file:line:column', () => {
    const result = loadScenario(REGISTRY_DOWN.replace('atLeast: 0.999', 'atLeast: 1.5'));
    if (result.ok) throw new Error('must fail');
    expect(formatScenarioProblem('s.yaml', result.problems[0]!)).toMatch(
      /^s\.yaml:\d+:\d+ \(\/steadyState\/hypotheses\/0\/atLeast\): /,
    );
  });
});
