import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@charter/service-host';
import { loadRegistryConfig } from './registry-config';

const dir = mkdtempSync(path.join(tmpdir(), 'charter-config-'));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const ROUTES = file(
  'routes.yaml',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the routes file's own variable syntax
  'endpoints:\n  hook: { channel: slack, url: "${SLACK_URL}" }\nteams:\n  orders: [hook]\n',
);
const REDIS_URL = 'redis://127.0.0.1:6379';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadRegistryConfig(env, dir);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadRegistryConfig: notifications', () => {
  it('reads the routes file, its variables from the same environment, and a public URL for links', () => {
    const config = loadRegistryConfig(
      { REDIS_URL, CHARTER_NOTIFY_ROUTES: 'routes.yaml', SLACK_URL: 'https://hooks.slack.example/T/B/x' },
      dir,
    );
    expect(config.notifications?.routes.endpoints.hook).toEqual({
      channel: 'slack',
      url: 'https://hooks.slack.example/T/B/x',
    });
    expect(config.notifications?.maxAttempts).toBe(8);
    expect(config.publicUrl).toBe('http://127.0.0.1:8081');
    expect(loadRegistryConfig({ CHARTER_PUBLIC_URL: 'https://charter.example/' }).publicUrl).toBe(
      'https://charter.example',
    );
    expect(loadRegistryConfig({}).notifications).toBeUndefined();
  });

  // Bad configurations tried: each stops the start with the variable named, and never echoes a value.
  it.each([
    ['routes without Redis', { CHARTER_NOTIFY_ROUTES: ROUTES, SLACK_URL: 'https://x.example' }, /set REDIS_URL/],
    [
      'a missing routes file',
      { REDIS_URL, CHARTER_NOTIFY_ROUTES: 'nowhere.yaml' },
      /cannot read .*nowhere\.yaml \(ENOENT\)/,
    ],
    [
      'an unset variable',
      { REDIS_URL, CHARTER_NOTIFY_ROUTES: ROUTES },
      /routes\.yaml#\/endpoints\/hook\/url: environment variable SLACK_URL is not set/,
    ],
    [
      'a bad routes file',
      { REDIS_URL, CHARTER_NOTIFY_ROUTES: file('bad.yaml', 'endpoints: { a: { channel: fax, url: "https://x" } }') },
      /bad\.yaml#\/endpoints\/a\/channel/,
    ],
    ['a bad public URL', { CHARTER_PUBLIC_URL: 'not a url' }, /^CHARTER_PUBLIC_URL: /],
  ])('refuses %s', (_what, env, problem) => {
    const problems = problemsOf(env);
    expect(problems).toEqual([expect.stringMatching(problem)]);
    expect(problems.join()).not.toContain('not a url');
  });
});
