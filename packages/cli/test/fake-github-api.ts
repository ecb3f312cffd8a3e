// Test helper: a local stand-in for the part of GitHub's REST API the sticky comment uses — list (paginated, with
// Link headers), create and update issue comments — that checks the token and records every request.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  created_at: string;
  updated_at: string;
}

export interface FakeGitHubRequest {
  method: string;
  /** Path and query, e.g. `/repos/acme/shop/issues/7/comments?per_page=100&page=2`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface FakeGitHub {
  /** What GITHUB_API_URL points at. */
  url: string;
  requests: FakeGitHubRequest[];
  comments: FakeComment[];
  /** Adds a comment as someone else (a person, another bot) would have. */
  seed(issue: number, body: string, login?: string): FakeComment;
  close(): Promise<void>;
}

/** GitHub's own ceilings: per_page at most 100 (30 by default), a comment body at most 65 536 characters. */
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 30;
const BODY_LIMIT = 65_536;

/**
 * Starts the fake for `owner/repo`: requests without `authorization: token <token>` (or `Bearer`) get GitHub's 401
 * `Bad credentials`; a body over the limit gets GitHub's 422.
 */
export async function startFakeGitHub(options: { token: string; repository: string }): Promise<FakeGitHub> {
  const requests: FakeGitHubRequest[] = [];
  const comments: FakeComment[] = [];
  let nextId = 1000;
  const now = () => new Date().toISOString();
  const add = (issue: number, body: string, login: string, type: 'User' | 'Bot'): FakeComment => {
    const comment: FakeComment = {
      id: nextId++,
      issue,
      body,
      user: { login, type },
      created_at: now(),
      updated_at: now(),
    };
    comments.push(comment);
    return comment;
  };
  const prefix = `/repos/${options.repository}`;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', origin);
      const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, status });
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(JSON.stringify(data));
      };
      const authorization = request.headers.authorization ?? '';
      if (authorization !== `token ${options.token}` && authorization !== `Bearer ${options.token}`)
        return send(401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });

      const list = new RegExp(`^${prefix}/issues/(\\d+)/comments$`).exec(url.pathname);
      const one = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(url.pathname);
      const parsed = (): { body?: unknown } | undefined => {
        try {
          return JSON.parse(body) as { body?: unknown };
        } catch {
          return undefined;
        }
      };
      const invalidBody = (text: unknown) =>
        typeof text !== 'string'
          ? { message: 'Invalid request.\n\n"body" wasn\'t supplied.', status: '422' }
          : text.length > BODY_LIMIT
            ? {
                message: 'Validation Failed',
                errors: [
                  {
                    resource: 'IssueComment',
                    code: 'custom',
                    field: 'body',
                    message: 'body is too long (maximum is 65536 characters)',
                  },
                ],
                status: '422',
              }
            : undefined;

      if (list && request.method === 'GET') {
        const issue = Number(list[1]);
        const perPage = Math.min(
          MAX_PER_PAGE,
          Number(url.searchParams.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE,
        );
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
        const all = comments.filter((comment) => comment.issue === issue);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (n: number, rel: string) => {
          const target = new URL(url);
          target.searchParams.set('per_page', String(perPage));
          target.searchParams.set('page', String(n));
          return `<${target.href}>; rel="${rel}"`;
        };
        const links = [
          ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
          ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ];
        return send(
          200,
          all.slice((page - 1) * perPage, page * perPage),
          links.length > 0 ? { link: links.join(', ') } : {},
        );
      }
      if (list && request.method === 'POST') {
        const text = parsed()?.body;
        const invalid = invalidBody(text);
        if (invalid) return send(422, invalid);
        return send(201, add(Number(list[1]), text as string, 'github-actions[bot]', 'Bot'));
      }
      if (one && request.method === 'PATCH') {
        const comment = comments.find((c) => c.id === Number(one[1]));
        if (!comment) return send(404, { message: 'Not Found', status: '404' });
        const text = parsed()?.body;
        const invalid = invalidBody(text);
        if (invalid) return send(422, invalid);
        comment.body = text as string;
        comment.updated_at = now();
        return send(200, comment);
      }
      return send(404, { message: 'Not Found', status: '404' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    requests,
    comments,
    seed: (issue, body, login = 'someone') => add(issue, body, login, login.endsWith('[bot]') ? 'Bot' : 'User'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
