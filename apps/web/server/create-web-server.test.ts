import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadWebConfig } from './config/web-config';
import { createWebServer, type WebServer } from './create-web-server';
import { CONTENT_SECURITY_POLICY } from './security-headers';
import { UPSTREAM_UNAVAILABLE } from './upstream-proxy';

/** A stand-in service that records what reached it and answers as told (a real HTTP server on a free port). */
async function startUpstream() {
  const seen: Array<{ method: string; url: string; authorization?: string; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
      if (request.url === '/stream') {
        // Written in parts: the proxy must pass a chunked body through.
        response.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
        response.write('first,');
        setTimeout(() => response.end('second'), 20);
        return;
      }
      if (request.url === '/missing') {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error_code: 40401, message: "Subject 'missing' not found." }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('the console server', () => {
  let appDir: string;
  let registry: Awaited<ReturnType<typeof startUpstream>>;
  let web: WebServer;
  let url: string;

  beforeAll(async () => {
    appDir = mkdtempSync(path.join(tmpdir(), 'charter-web-'));
    mkdirSync(path.join(appDir, 'assets'));
    writeFileSync(path.join(appDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(appDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    registry = await startUpstream();
    // Nothing listens on lineage's port: it is down.
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await close(down);
    const config = loadWebConfig(
      {
        CHARTER_WEB_PORT: '0',
        CHARTER_REGISTRY_URL: registry.url,
        CHARTER_LINEAGE_URL: downUrl,
        CHARTER_WEB_APP_DIR: appDir,
      },
      { cwd: process.cwd(), isTerminal: false },
    );
    web = await createWebServer(config, pino({ level: 'silent' }));
    await web.fastify.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(web.fastify.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await web?.close();
    if (registry) await close(registry.server);
    rmSync(appDir, { recursive: true, force: true });
  });

  it('serves the SPA with a strict CSP and the other security headers', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>console</title>');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a deep link with index.html, and a missing asset or API path with a JSON 404', async () => {
    // subject, contract and dataset names carry dots: a deep link is never taken for a file
    for (const link of [
      '/subjects/orders-value?version=3',
      '/subjects/com.acme.orders-value',
      '/contracts/orders.v2',
    ]) {
      const deep = await fetch(`${url}${link}`);
      expect([link, deep.status]).toEqual([link, 200]);
      expect(await deep.text()).toContain('<title>console</title>');
    }
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const missing of ['/assets/nope.js', '/favicon.ico', '/api/nothing']) {
      const response = await fetch(`${url}${missing}`);
      expect([missing, response.status]).toEqual([missing, 404]);
      expect(await response.json()).toMatchObject({ error: 'NOT_FOUND' });
    }
  });

  it('passes method, path, query, key and body through to the registry, and its status and headers back', async () => {
    const posted = await fetch(`${url}/api/registry/subjects/a%2Fb/versions?normalize=true`, {
      method: 'POST',
      headers: { authorization: 'Bearer ck_1:secret', 'content-type': 'application/json' },
      body: '{"schema":"\\"string\\""}',
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('cache-control')).toBe('no-store');
    expect(registry.seen.at(-1)).toEqual({
      method: 'POST',
      url: '/subjects/a%2Fb/versions?normalize=true',
      authorization: 'Bearer ck_1:secret',
      body: '{"schema":"\\"string\\""}',
    });
    const missing = await fetch(`${url}/api/registry/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error_code: 40401, message: "Subject 'missing' not found." });
    const streamed = await fetch(`${url}/api/registry/stream`);
    expect(streamed.headers.get('x-upstream')).toBe('yes');
    expect(await streamed.text()).toBe('first,second');
  });

  it('answers 502 UPSTREAM_UNAVAILABLE for a service that is down, and keeps serving the rest', async () => {
    const down = await fetch(`${url}/api/lineage/impact`, { method: 'POST', body: '{}' });
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({
      error: UPSTREAM_UNAVAILABLE,
      service: 'lineage',
      message: 'lineage is unavailable',
    });
    expect((await fetch(`${url}/api/registry/subjects`)).status).toBe(200);
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', lineage: 'down' });
  });

  it('refuses to start when the SPA is not built', async () => {
    const config = loadWebConfig(
      { CHARTER_WEB_APP_DIR: path.join(appDir, 'nothing') },
      { cwd: '/', isTerminal: false },
    );
    await expect(createWebServer(config, pino({ level: 'silent' }))).rejects.toThrow(/not built/);
  });

  it('lists every bad variable at once', () => {
    expect(() =>
      loadWebConfig({ CHARTER_WEB_PORT: 'eighty', CHARTER_REGISTRY_URL: 'not a url' }, { cwd: '/', isTerminal: false }),
    ).toThrow(/CHARTER_WEB_PORT[\s\S]*CHARTER_REGISTRY_URL|CHARTER_REGISTRY_URL[\s\S]*CHARTER_WEB_PORT/);
  });
});
