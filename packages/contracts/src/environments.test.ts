import { parseEnvironments } from './environments';

const env = (lines: string) => `environments:\n${lines}`;
const dev = '  - name: dev\n    registryUrl: http://127.0.0.1:8081\n    apiKeyEnv: CHARTER_DEV_API_KEY\n';

describe('parseEnvironments', () => {
  it('reads the promotion chain', () => {
    const result = parseEnvironments(
      env(
        `${dev}    promotesTo: prod\n  - name: prod\n    registryUrl: https://registry.example\n    apiKeyEnv: PROD_KEY\n`,
      ),
      { file: 'env.yaml' },
    );
    expect(result.problems).toEqual([]);
    expect(result.environments?.map((environment) => [environment.name, environment.promotesTo])).toEqual([
      ['dev', 'prod'],
      ['prod', undefined],
    ]);
  });

  it('reads the promotion policy of each environment, with defaults', () => {
    const result = parseEnvironments(
      env(
        `${dev}    promotesTo: prod\n  - name: prod\n    registryUrl: https://registry.example\n    apiKeyEnv: PROD_KEY\n` +
          '    requiresApproval: true\n    compatibility: BACKWARD_TRANSITIVE\n    preserveIds: true\n',
      ),
      { file: 'env.yaml' },
    );
    expect(
      result.environments?.map(({ name, requiresApproval, compatibility, preserveIds }) => ({
        name,
        requiresApproval,
        compatibility,
        preserveIds,
      })),
    ).toEqual([
      { name: 'dev', requiresApproval: false, compatibility: undefined, preserveIds: false },
      { name: 'prod', requiresApproval: true, compatibility: 'BACKWARD_TRANSITIVE', preserveIds: true },
    ]);
  });

  it.each([
    ['not YAML', 'environments: [\n', 'yaml-syntax', '', 2],
    ['no environments', 'environments: []\n', 'invalid-environments', '/environments', 1],
    [
      'a bad registry URL',
      env('  - name: dev\n    registryUrl: ftp://x\n    apiKeyEnv: K\n'),
      'invalid-environments',
      '/environments/0/registryUrl',
      3,
    ],
    [
      'an API key in place of its variable',
      env('  - name: dev\n    registryUrl: http://x\n    apiKeyEnv: sk-live-123\n'),
      'invalid-environments',
      '/environments/0/apiKeyEnv',
      4,
    ],
    [
      'promotion to an unknown environment',
      env(`${dev}    promotesTo: qa\n`),
      'invalid-environments',
      '/environments/0/promotesTo',
      5,
    ],
    [
      'a promotion loop',
      env(
        `${dev}    promotesTo: prod\n  - name: prod\n    registryUrl: http://p\n    apiKeyEnv: P\n    promotesTo: dev\n`,
      ),
      'invalid-environments',
      '/environments/0/promotesTo',
      5,
    ],
    [
      'an unknown compatibility level',
      env(`${dev}    compatibility: SIDEWAYS\n`),
      'invalid-environments',
      '/environments/0/compatibility',
      5,
    ],
    [
      'requiresApproval that is not a boolean',
      env(`${dev}    requiresApproval: maybe\n`),
      'invalid-environments',
      '/environments/0/requiresApproval',
      5,
    ],
    ['an unknown field', env(`${dev}    region: eu\n`), 'invalid-environments', '/environments/0/region', 5],
  ])('refuses %s', (_name, text, code, path, line) => {
    const result = parseEnvironments(text, { file: 'env.yaml' });
    expect(result.environments).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ code, file: 'env.yaml', path, line });
  });
});
