import { readFileSync } from 'node:fs';

/** The variables GitHub Actions sets that `charter diff --format github` reads. */
export interface GitHubEnvironment {
  GITHUB_TOKEN?: string;
  GITHUB_REPOSITORY?: string;
  GITHUB_EVENT_PATH?: string;
  GITHUB_API_URL?: string;
  GITHUB_SERVER_URL?: string;
  GITHUB_RUN_ID?: string;
  GITHUB_RUN_ATTEMPT?: string;
  GITHUB_STEP_SUMMARY?: string;
}

/** Where to comment: the pull request of the event, with a token that may write to it. */
export interface PullRequestTarget {
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  pullRequest: number;
}

export interface GitHubContext {
  /** The job summary file to append to, when Actions gave one. */
  summaryFile?: string;
  /** The run's page, where its job summary is shown. */
  runUrl?: string;
  /** The pull request to comment on, or why there is none (a push event, no token). */
  comment: { target: PullRequestTarget } | { skipped: string };
}

/** What GitHub Actions tells the step, read once; a missing piece says why it is missing, never a token's value. */
export function readGitHubContext(env: GitHubEnvironment): GitHubContext {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const attempt = env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`
      : undefined;
  return {
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
    ...(runUrl ? { runUrl } : {}),
    comment: findPullRequest(env),
  };
}

function findPullRequest(env: GitHubEnvironment): GitHubContext['comment'] {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || rest.length > 0)
    return { skipped: 'GITHUB_REPOSITORY is not set (as owner/name): not running in GitHub Actions' };
  if (!env.GITHUB_EVENT_PATH) return { skipped: 'GITHUB_EVENT_PATH is not set: no event to find a pull request in' };
  let event: { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
  try {
    event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch (error) {
    return { skipped: `the event file in GITHUB_EVENT_PATH cannot be read: ${(error as Error).message}` };
  }
  const number = event?.pull_request?.number ?? (event?.issue?.pull_request ? event.issue.number : undefined);
  if (!Number.isSafeInteger(number) || (number as number) <= 0)
    return { skipped: 'the event is not a pull request (e.g. a push): no pull request to comment on' };
  if (!env.GITHUB_TOKEN)
    return { skipped: 'GITHUB_TOKEN is not set: pass the workflow token to the step as GITHUB_TOKEN' };
  return {
    target: {
      apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
      token: env.GITHUB_TOKEN,
      owner,
      repo,
      pullRequest: number as number,
    },
  };
}
