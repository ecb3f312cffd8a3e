import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegistryHttp } from './registry-http';

export interface IssuedKey {
  id: string;
  secret: string;
  token: string;
  role: string;
}

/** Issues a key through the API (as the admin `http` does) and returns a client speaking as it. */
export async function issueKey(
  http: RegistryHttp,
  role: string,
  name = role,
): Promise<{ key: IssuedKey; http: RegistryHttp }> {
  const response = await http.post<IssuedKey>('/keys', { name, role });
  if (response.status !== 201) throw new Error(`could not issue a ${role} key: ${JSON.stringify(response.body)}`);
  return { key: response.body, http: http.as({ keyId: response.body.id, secret: response.body.secret }) };
}

/** The ownership map the tests use (the same teams as contracts/ownership.yaml, reduced). */
export const TEST_OWNERSHIP = {
  teams: [
    { name: 'orders', subjectPrefixes: ['orders-'], members: ['ada@charter.dev'] },
    { name: 'growth', subjectPrefixes: ['user-events-'], members: ['grace@charter.dev'] },
    { name: 'analytics', subjectPrefixes: ['analytics.'], members: ['alan@charter.dev'] },
    { name: 'fulfilment', subjectPrefixes: ['fulfilment.'], members: ['barbara@charter.dev'] },
    { name: 'platform', subjectPrefixes: ['platform.'], members: ['edsger@charter.dev'] },
  ],
};

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server standing in for a webhook receiver: records every request, answers `status()`. */
export async function startRecordingServer(status: () => number = () => 200) {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.statusCode = status();
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/charter`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
