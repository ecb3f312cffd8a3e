import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import { findFreePort, waitUntil } from '@charter/testkit';

const FIXTURE = path.join(__dirname, 'fixtures', 'fixture-service.ts');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; ms: number }>;
}

/** The fixture service as a real process (runService owns its signals and exit code), under tsx. */
function run(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: path.join(__dirname, '..'),
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const started = Date.now();
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, ms: Date.now() - started }));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function started(service: Running): Promise<void> {
  await waitUntil(
    () => lines(service.stdout()),
    (entries) => entries.some((entry) => entry.event === 'fixture.started'),
    { timeoutMs: 20_000, what: 'the fixture to start' },
  );
}

function get(port: number, route: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: route, agent }, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const SECRET = 's'.repeat(40);

describe('runService', () => {
  it('exits 78 on bad configuration, listing every bad variable and echoing no value', async () => {
    const service = run({ FIXTURE_PORT: 'eighty', FIXTURE_SECRET: 'hunter2', LOG_LEVEL: 'loud' });
    const { code } = await service.exited;
    expect(code).toBe(78);
    const stderr = service.stderr();
    expect(stderr).toContain('invalid fixture configuration:');
    for (const variable of ['FIXTURE_PORT', 'FIXTURE_SECRET', 'LOG_LEVEL']) expect(stderr).toContain(variable);
    expect(stderr).not.toContain('hunter2');
    expect(service.stdout()).toBe('');
  });

  it('on SIGTERM finishes the request in flight, closes idle keep-alive connections, and exits 0', async () => {
    const port = await findFreePort();
    const service = run({ FIXTURE_PORT: String(port), FIXTURE_SECRET: SECRET });
    await started(service);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    // An idle keep-alive connection: fastify keeps it open 72 s unless the shutdown closes it.
    expect((await get(port, '/fast', agent)).status).toBe(200);
    const inFlight = get(port, '/slow', agent);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const signalled = Date.now();
    service.child.kill('SIGTERM');
    await expect(inFlight).resolves.toEqual({ status: 200, body: '{"slow":true}' });
    const { code } = await service.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3_000);
    const events = lines(service.stdout()).map((entry) => entry.event);
    expect(events).toEqual(expect.arrayContaining(['fixture.started', 'fixture.stopping', 'fixture.stopped']));
    agent.destroy();
  });

  it('at the shutdown deadline logs what it abandoned and exits 1', async () => {
    const port = await findFreePort();
    const service = run({
      FIXTURE_PORT: String(port),
      FIXTURE_SECRET: SECRET,
      FIXTURE_HANG_ON_CLOSE: 'yes',
      CHARTER_SHUTDOWN_TIMEOUT_MS: '300',
    });
    await started(service);
    service.child.kill('SIGINT');
    const { code } = await service.exited;
    expect(code).toBe(1);
    const abandoned = lines(service.stdout()).find((entry) => entry.event === 'fixture.shutdown.abandoned');
    expect(abandoned).toMatchObject({ pending: ['background work'], timeoutMs: 300, openConnections: 0 });
  });
});
