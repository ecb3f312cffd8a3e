// Bad inputs tried: env.yaml with a cycle, with promotesTo naming an unknown environment, missing; a route that skips
// an environment, one that goes backwards, an unknown environment; a key variable unset, empty, or not keyId:secret.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointOf, loadEnvironments, resolveRoute } from './load-promotion-route';
import { PromotionError } from './promotion-error';

const environment = (name: string, promotesTo?: string) =>
  `  - name: ${name}\n    registryUrl: http://127.0.0.1:1\n    apiKeyEnv: ${name.toUpperCase()}_KEY\n${promotesTo ? `    promotesTo: ${promotesTo}\n` : ''}`;
const chain = `environments:\n${environment('dev', 'staging')}${environment('staging', 'prod')}${environment('prod')}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'charter-route-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function caught(run: () => unknown): PromotionError {
  try {
    run();
  } catch (error) {
    if (error instanceof PromotionError) return error;
    throw error;
  }
  throw new Error('expected a PromotionError');
}

describe('loadEnvironments', () => {
  it.each([
    [
      'a cycle',
      `environments:\n${environment('dev', 'prod')}${environment('prod', 'dev')}`,
      /env\.yaml:\d+.*loops back to "dev"/,
    ],
    ['an unknown promotesTo', `environments:\n${environment('dev', 'qa')}`, /env\.yaml:\d+.*unknown environment "qa"/],
  ])('refuses env.yaml with %s, naming the line (exit 2)', (_name, text, message) => {
    const file = join(dir, 'env.yaml');
    writeFileSync(file, text);
    const error = caught(() => loadEnvironments(file));
    expect(error).toMatchObject({ code: 'config', exitCode: 2 });
    expect(error.message).toMatch(message);
  });

  it('refuses a missing env.yaml (exit 2)', () => {
    expect(caught(() => loadEnvironments(join(dir, 'nope.yaml')))).toMatchObject({ code: 'config', exitCode: 2 });
  });
});

describe('resolveRoute', () => {
  const file = () => {
    const path = join(dir, 'chain.yaml');
    writeFileSync(path, chain);
    return loadEnvironments(path);
  };

  it('accepts each link of the chain', () => {
    expect(resolveRoute(file(), 'dev', 'staging').to.name).toBe('staging');
    expect(resolveRoute(file(), 'staging', 'prod').to.name).toBe('prod');
  });

  it.each([
    ['dev', 'prod', 'chain-skipped', 'dev → prod skips staging: promote dev → staging, then staging → prod'],
    ['prod', 'dev', 'chain-skipped', 'prod does not promote to dev'],
    ['staging', 'dev', 'chain-skipped', 'staging does not promote to dev'],
    ['dev', 'qa', 'unknown-environment', 'unknown environment "qa" (env.yaml declares dev, staging, prod)'],
  ])('refuses %s → %s (exit 2)', (from, to, code, message) => {
    const error = caught(() => resolveRoute(file(), from, to));
    expect(error).toMatchObject({ code, exitCode: 2 });
    expect(error.message).toContain(message);
  });
});

describe('endpointOf', () => {
  const [dev] = (() => {
    const path = join(tmpdir(), `charter-route-${process.pid}.yaml`);
    writeFileSync(path, chain);
    const environments = loadEnvironments(path);
    rmSync(path);
    return environments;
  })();

  it('sends the key from the variable as HTTP Basic', () => {
    expect(endpointOf(dev!, { DEV_KEY: 'k1:s3cret' }).authorization).toBe(
      `Basic ${Buffer.from('k1:s3cret').toString('base64')}`,
    );
  });

  it.each([
    ['unset', {}],
    ['empty', { DEV_KEY: ' ' }],
    ['not keyId:secret', { DEV_KEY: 'just-a-s3cret' }],
  ])('names the variable when it is %s, never its value (exit 2)', (_name, variables) => {
    const error = caught(() => endpointOf(dev!, variables));
    expect(error).toMatchObject({ code: 'missing-key', exitCode: 2 });
    expect(error.message).toContain('DEV_KEY');
    expect(error.message).not.toContain('s3cret');
  });
});
