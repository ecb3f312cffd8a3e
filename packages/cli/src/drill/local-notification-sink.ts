import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  url: string;
  body: unknown;
  at: string;
}

/**
 * Where a drill's pages and chat messages go when no PagerDuty or Slack endpoint is configured: an in-process HTTP
 * server that answers 202 and keeps what it got, so the drill still sends real requests and lists them in its report.
 */
export async function startLocalNotificationSink(): Promise<{
  origin: string;
  requests: SinkRequest[];
  close(): Promise<void>;
}> {
  const requests: SinkRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      requests.push({ url: request.url ?? '/', body, at: new Date().toISOString() });
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
