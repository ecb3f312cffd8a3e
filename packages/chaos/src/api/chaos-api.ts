import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChaosErrorCode, invalidInput, notFound } from '../chaos.errors';
import { type ProxyCollection, parseProxyInput } from '../proxy/proxy-collection';
import { toApiError } from './api-error-status';

/** The version /version reports: the Toxiproxy API generation this server answers like. */
export const CHAOS_API_VERSION = '2.12.0-charter';
const MAX_BODY_BYTES = 1024 * 1024;

interface Reply {
  status: number;
  body?: unknown;
}

type Route = (request: { params: string[]; body: () => Promise<unknown> }) => Promise<Reply>;

export interface ChaosApiOptions {
  /** Called with any error that is not one of the API's own (it is answered as a 500). */
  onUnexpectedError?: (error: unknown) => void;
}

/**
 * The HTTP control API, path for path, body for body and status for status Toxiproxy's (api.go), so its clients
 * can drive it: GET/POST /proxies, GET/POST/PATCH/DELETE /proxies/{proxy}, GET/POST /proxies/{proxy}/toxics,
 * GET/POST/PATCH/DELETE /proxies/{proxy}/toxics/{toxic}, POST /reset, POST /populate, GET /version.
 */
export function createChaosApiHandler(collection: ProxyCollection, options: ChaosApiOptions = {}) {
  const routes: Array<{ pattern: RegExp; methods: Record<string, Route> }> = [
    { pattern: /^\/version$/, methods: { GET: async () => ({ status: 200, body: { version: CHAOS_API_VERSION } }) } },
    {
      pattern: /^\/reset$/,
      methods: {
        POST: async () => {
          await collection.reset();
          return { status: 204 };
        },
      },
    },
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: async () => ({
          status: 200,
          body: Object.fromEntries(collection.list().map((proxy) => [proxy.name, proxy.toJSON()])),
        }),
        POST: async ({ body }) => {
          const proxy = await collection.add(parseProxyInput(await body()));
          return { status: 201, body: proxy.toJSON() };
        },
      },
    },
    {
      pattern: /^\/populate$/,
      methods: {
        POST: async ({ body }) => {
          const result = await collection.populate(await body());
          const proxies = result.proxies.map((proxy) => proxy.toJSON());
          if (result.error === undefined) return { status: 201, body: { proxies } };
          const error = toApiError(result.error);
          if (error.status === 500) throw result.error;
          return { status: error.status, body: { ...error, proxies } };
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)$/,
      methods: {
        GET: async ({ params }) => ({ status: 200, body: collection.get(params[0]!).toJSON() }),
        POST: async (request) => updateProxy(collection, request),
        PATCH: async (request) => updateProxy(collection, request),
        DELETE: async ({ params }) => {
          await collection.remove(params[0]!);
          return { status: 204 };
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics$/,
      methods: {
        GET: async ({ params }) => ({ status: 200, body: collection.get(params[0]!).listToxics() }),
        // Toxiproxy answers a created toxic with 200, not 201: its clients expect that.
        POST: async ({ params, body }) => {
          const proxy = collection.get(params[0]!);
          return { status: 200, body: proxy.addToxic(await body()) };
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
      methods: {
        GET: async ({ params }) => ({ status: 200, body: collection.get(params[0]!).getToxic(params[1]!) }),
        POST: async (request) => updateToxic(collection, request),
        PATCH: async (request) => updateToxic(collection, request),
        DELETE: async ({ params }) => {
          collection.get(params[0]!).removeToxic(params[1]!);
          return { status: 204 };
        },
      },
    },
  ];

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let reply: Reply;
    try {
      reply = await route(routes, request);
    } catch (error) {
      const body = toApiError(error);
      if (body.status === 500) options.onUnexpectedError?.(error);
      reply = { status: body.status, body };
    }
    if (reply.body === undefined) {
      response.writeHead(reply.status).end();
      return;
    }
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(`${JSON.stringify(reply.body)}\n`);
  };
}

async function route(
  routes: Array<{ pattern: RegExp; methods: Record<string, Route> }>,
  request: IncomingMessage,
): Promise<Reply> {
  // Toxiproxy refuses browsers so a web page cannot drive the proxy behind its user's back.
  if ((request.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
    request.resume();
    return { status: 403, body: { error: 'User agent not allowed', status: 403, code: 'FORBIDDEN' } };
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  for (const { pattern, methods } of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    const handler = methods[request.method ?? 'GET'];
    if (!handler) {
      request.resume();
      return {
        status: 405,
        body: { error: `method ${request.method} not allowed on ${path}`, status: 405, code: 'METHOD_NOT_ALLOWED' },
      };
    }
    const params = match.slice(1).map(decodeSegment);
    return handler({ params, body: () => readJsonBody(request) });
  }
  request.resume();
  throw notFound(ChaosErrorCode.RouteNotFound, `no route: ${request.method} ${path}`);
}

function updateProxy(collection: ProxyCollection, { params, body }: Parameters<Route>[0]): Promise<Reply> {
  return (async () => {
    const proxy = collection.get(params[0]!);
    const input = await body();
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw invalidInput(ChaosErrorCode.BadRequestBody, 'bad request body: expected a JSON object');
    }
    await proxy.update(input as Record<string, unknown>);
    return { status: 200, body: proxy.toJSON() };
  })();
}

function updateToxic(collection: ProxyCollection, { params, body }: Parameters<Route>[0]): Promise<Reply> {
  return (async () => {
    const proxy = collection.get(params[0]!);
    proxy.getToxic(params[1]!);
    return { status: 200, body: proxy.updateToxic(params[1]!, await body()) };
  })();
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidInput(ChaosErrorCode.BadRequestBody, `bad request path: cannot decode ${JSON.stringify(segment)}`);
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw invalidInput(ChaosErrorCode.BadRequestBody, `bad request body: larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput(ChaosErrorCode.BadRequestBody, `bad request body: ${(error as Error).message}`);
  }
}
