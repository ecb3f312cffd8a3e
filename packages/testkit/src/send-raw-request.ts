import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with the path sent exactly as given (no URL parsing: `%6c`, `//`, `/./` and `..` reach the
 * server as written, which `fetch` would normalise). For probing how a server matches routes.
 */
export function sendRawRequest(
  baseUrl: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** The client address to send from (e.g. `127.0.0.2`, to be another client on loopback). */
    localAddress?: string;
  },
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  // Node sends a DELETE's body with neither a length nor chunks unless told its length.
  const headers =
    options.body === undefined
      ? options.headers
      : { 'content-length': String(Buffer.byteLength(options.body)), ...options.headers };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname,
        port,
        method: options.method,
        path: options.path,
        headers,
        timeout: 10_000,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${options.method} ${options.path}`)));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/**
 * Ways of spelling a path that a naive check on URL text would tell apart from it: each segment's first letter
 * percent-encoded, doubled and trailing slashes, upper case, dot segments, a query and a matrix parameter.
 */
export function pathSpellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const encoded = segments.map(
    (_, index) =>
      `/${segments
        .map((segment, i) =>
          i === index && segment.length > 0 && !segment.startsWith(':')
            ? `%${segment.charCodeAt(0).toString(16)}${segment.slice(1)}`
            : segment,
        )
        .join('/')}`,
  );
  return [
    path,
    ...encoded,
    `/${path}`,
    path.replace(/\/([^/]+)$/, '//$1'),
    `${path}/`,
    path.toUpperCase(),
    path.replace(/\/([^/]+)$/, '/./$1'),
    path.replace(/\/([^/]+)$/, '/x/../$1'),
    `${path}?x=1`,
    `${path};x=1`,
    `${path}%2f`,
    `${path}%00`,
  ];
}
