import { stringify } from 'yaml';
import { STAGES } from '../src';

/** A valid runbook (one `noop` step per stage) as a plain object, for tests to change one thing in. */
export function minimalRunbook(): Record<string, unknown> & { stages: Array<Record<string, unknown>> } {
  return {
    apiVersion: 'charter.dev/runbook/v1',
    kind: 'Runbook',
    metadata: { name: 'test-runbook', title: 'A test runbook' },
    roles: { 'incident-commander': 'runs it', scribe: 'keeps the timeline', 'subject-expert': 'knows the subject' },
    defaults: { timeout: '1s', onFailure: 'escalate' },
    severity: {
      rules: [
        { severity: 'SEV-1', when: { verdict: ['block'], tier: ['tier-1'] } },
        { severity: 'SEV-2', when: { verdict: ['block', 'needs-approval'] } },
        { severity: 'SEV-3', when: { verdict: ['warn'] } },
      ],
      otherwise: 'SEV-4',
    },
    stages: STAGES.map((name) => ({
      name,
      steps: [{ id: `${name}-step`, action: 'noop', owner: 'incident-commander' }],
    })),
  };
}

export const toYaml = (value: unknown) => stringify(value);
