// The real runbook file validates against the real action registry (no services: only names are checked).
// Bad inputs tried: the same file with one action renamed (refused with its line), with a stage removed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRunbook, STAGES } from '../index';
import { incidentActions } from './run-incident';

const FILE = path.resolve(__dirname, '../../../../runbooks/schema-incident.yaml');
const text = readFileSync(FILE, 'utf8');
const names = Object.keys(
  incidentActions({
    registry: { url: 'http://127.0.0.1:1' },
    lineage: { url: 'http://127.0.0.1:1' },
    channels: { endpoints: {}, registryUrl: 'http://127.0.0.1:1' },
    postmortem: { template: 'unused', outputDir: 'unused' },
  }),
);

describe('runbooks/schema-incident.yaml', () => {
  it('validates, with all five stages in order and every action known', () => {
    const result = loadRunbook(text, { actions: names });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.runbook.stages.map((stage) => stage.name)).toEqual([...STAGES]);
    expect(result.runbook.stages.every((stage) => stage.steps.length > 0)).toBe(true);
  });

  it('names the line of a renamed action', () => {
    const broken = text.replace('action: subject.rollback', 'action: subject.rewind');
    const result = loadRunbook(broken, { actions: names });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'unknown-action' });
    expect(broken.split('\n')[result.problems[0]!.line! - 1]).toContain('action: subject.rewind');
  });

  it('refuses the file with a stage removed', () => {
    const broken = text.replace('  - name: contain\n', '  - name: recover\n');
    const result = loadRunbook(broken, { actions: names });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.code)).toContain('stage-order');
  });
});
