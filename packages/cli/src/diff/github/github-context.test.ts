// Bad inputs tried: no GITHUB_REPOSITORY, one without a slash, no event file, an event file that is not JSON, a
// push event, a pull request number that is not a positive integer, no token; a trailing slash on the API URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GitHubEnvironment, readGitHubContext } from './github-context';

describe('readGitHubContext', () => {
  const dir = mkdtempSync(join(tmpdir(), 'charter-event-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const event = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const pr = event('pr.json', JSON.stringify({ pull_request: { number: 12 } }));
  const ENV: GitHubEnvironment = {
    GITHUB_TOKEN: 'secret-token',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_PATH: pr,
    GITHUB_API_URL: 'https://ghe.example/api/v3/',
    GITHUB_SERVER_URL: 'https://ghe.example',
    GITHUB_RUN_ID: '99',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_STEP_SUMMARY: '/tmp/summary',
  };

  it('finds the pull request, the run and the summary', () => {
    expect(readGitHubContext(ENV)).toEqual({
      summaryFile: '/tmp/summary',
      runUrl: 'https://ghe.example/acme/shop/actions/runs/99/attempts/2',
      comment: {
        target: {
          apiUrl: 'https://ghe.example/api/v3',
          token: 'secret-token',
          owner: 'acme',
          repo: 'shop',
          pullRequest: 12,
        },
      },
    });
  });

  it('takes a pull request comment event (issue_comment) too, and GitHub.com by default', () => {
    const context = readGitHubContext({
      GITHUB_TOKEN: 't',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_PATH: event('comment.json', JSON.stringify({ issue: { number: 5, pull_request: {} } })),
    });
    expect(context.comment).toEqual({
      target: { apiUrl: 'https://api.github.com', token: 't', owner: 'acme', repo: 'shop', pullRequest: 5 },
    });
  });

  it.each<[string, GitHubEnvironment, string]>([
    ['no repository', { ...ENV, GITHUB_REPOSITORY: undefined }, 'GITHUB_REPOSITORY is not set'],
    ['a repository without owner', { ...ENV, GITHUB_REPOSITORY: 'shop' }, 'GITHUB_REPOSITORY is not set'],
    ['no event', { ...ENV, GITHUB_EVENT_PATH: undefined }, 'GITHUB_EVENT_PATH is not set'],
    ['an unreadable event', { ...ENV, GITHUB_EVENT_PATH: join(dir, 'missing.json') }, 'cannot be read'],
    ['an event that is not JSON', { ...ENV, GITHUB_EVENT_PATH: event('bad.json', '{') }, 'cannot be read'],
    ['a push', { ...ENV, GITHUB_EVENT_PATH: event('push.json', '{"ref":"refs/heads/main"}') }, 'not a pull request'],
    [
      'an issue that is not a pull request',
      { ...ENV, GITHUB_EVENT_PATH: event('issue.json', '{"issue":{"number":3}}') },
      'not a pull request',
    ],
    [
      'a number that is not one',
      { ...ENV, GITHUB_EVENT_PATH: event('nan.json', '{"pull_request":{"number":"7"}}') },
      'not a pull request',
    ],
    ['no token', { ...ENV, GITHUB_TOKEN: undefined }, 'GITHUB_TOKEN is not set'],
  ])('no comment with %s, and says why without the token', (_, env, why) => {
    const { comment } = readGitHubContext(env);
    expect(comment).toEqual({ skipped: expect.stringContaining(why) });
    expect(JSON.stringify(comment)).not.toContain('secret-token');
  });
});
