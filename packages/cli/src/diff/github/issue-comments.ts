import type { PullRequestTarget } from './github-context';

export interface IssueComment {
  id: number;
  body: string;
}

/** The comments of one pull request, as the sticky comment needs them. */
export interface IssueComments {
  /** Every comment, oldest first, a page at a time (a caller may stop early). */
  pages(): AsyncIterable<IssueComment[]>;
  create(body: string): Promise<IssueComment>;
  update(id: number, body: string): Promise<IssueComment>;
}

/** Thrown for any failed GitHub API call: its HTTP status (0 when GitHub could not be reached) and what it said. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

const PER_PAGE = 100;

/**
 * IssueComments over GitHub's REST API through @octokit/rest (loaded only when a comment is posted: it is ESM-only,
 * and the other formats need none of it). Each request gives up after `timeoutMs`.
 */
export async function createOctokitIssueComments(
  target: PullRequestTarget,
  options: { timeoutMs: number },
): Promise<IssueComments> {
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({
    auth: target.token,
    baseUrl: target.apiUrl,
    userAgent: 'charter-diff',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: {
      fetch: (url: string | URL, init?: RequestInit) =>
        fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
    },
  });
  const where = { owner: target.owner, repo: target.repo };
  const call = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      // Octokit answers a request that got no response (refused, timed out) with a status 500 and no response.
      const response = (error as { response?: { status: number } }).response;
      const status = response?.status ?? 0;
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new GitHubApiError(
        status,
        `${what} failed: ${status === 0 ? 'GitHub could not be reached' : `HTTP ${status}`} (${(error as Error).message}${cause ? `: ${cause}` : ''})`,
      );
    }
  };
  const toComment = (data: { id: number; body?: string | null }): IssueComment => ({
    id: data.id,
    body: data.body ?? '',
  });
  return {
    async *pages() {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...where,
        issue_number: target.pullRequest,
        per_page: PER_PAGE,
      });
      const iterator = pages[Symbol.asyncIterator]();
      while (true) {
        const next = await call('listing the pull request comments', () => iterator.next());
        if (next.done) return;
        yield next.value.data.map(toComment);
      }
    },
    create: (body) =>
      call('creating the pull request comment', async () =>
        toComment((await octokit.rest.issues.createComment({ ...where, issue_number: target.pullRequest, body })).data),
      ),
    update: (id, body) =>
      call('updating the pull request comment', async () =>
        toComment((await octokit.rest.issues.updateComment({ ...where, comment_id: id, body })).data),
      ),
  };
}
