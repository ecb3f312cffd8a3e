/**
 * `charter chaos proxy` in this process: it serves the control API with the config's proxies until a signal.
 * Bad inputs: a config file that does not exist, one that is not JSON, one with an entry lacking upstream, a
 * control address already in use — each ends with exit code 2 and a message naming the problem.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosClient } from '@charter/chaos';
import { findFreePort, waitUntil } from '@charter/testkit';
import { Command } from 'commander';
import { addChaosCommands } from './chaos-commands';

const dir = mkdtempSync(join(tmpdir(), 'charter-chaos-'));

function writeConfig(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(args: string[], signals = new EventEmitter()) {
  let stderr = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command('charter').exitOverride();
  addChaosCommands(program, signals);
  const done = program.parseAsync(['node', 'charter', 'chaos', 'proxy', ...args]).then(
    () => 0,
    (error: Error) => {
      stderr += `charter: ${error.message}\n`;
      return 2;
    },
  );
  return {
    done: done.finally(() => err.mockRestore()),
    stderr: () => stderr,
  };
}

describe('charter chaos proxy', () => {
  it('serves the config’s proxies on --listen until SIGTERM, then stops', async () => {
    const port = await findFreePort();
    const config = writeConfig(
      'proxies.json',
      JSON.stringify([{ name: 'registry', listen: '127.0.0.1:0', upstream: '127.0.0.1:8081' }]),
    );
    const signals = new EventEmitter();
    const running = await run(['--listen', `127.0.0.1:${port}`, '--config', config], signals);
    const client = new ChaosClient(`http://127.0.0.1:${port}`);
    const proxies = await waitUntil(
      () => client.listProxies(),
      (listed) => 'registry' in listed,
      { what: 'the config’s proxy listed' },
    );
    expect(proxies.registry).toMatchObject({ upstream: '127.0.0.1:8081', enabled: true });
    signals.emit('SIGTERM');
    expect(await running.done).toBe(0);
    expect(running.stderr()).toContain(`fault proxy API on http://127.0.0.1:${port}`);
    await expect(client.version()).rejects.toThrow();
  });

  it.each([
    {
      label: 'a missing config',
      config: () => join(dir, 'missing.json'),
      message: /cannot read the proxies config .*ENOENT/,
    },
    { label: 'a config that is not JSON', config: () => writeConfig('bad.json', '[{'), message: /is not JSON/ },
    {
      label: 'an entry without upstream',
      config: () =>
        writeConfig('partial.json', JSON.stringify([{ name: 'a', upstream: '127.0.0.1:1' }, { name: 'b' }])),
      message: /missing required field: upstream at proxy 2/,
    },
  ])('refuses $label with exit code 2', async ({ config, message }) => {
    const running = await run(['--listen', '127.0.0.1:0', '--config', config()]);
    expect(await running.done).toBe(2);
    expect(running.stderr()).toMatch(message);
  });

  it('refuses a control address in use with exit code 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as { port: number }).port;
    try {
      const running = await run(['--listen', `127.0.0.1:${port}`]);
      expect(await running.done).toBe(2);
      expect(running.stderr()).toMatch(/control API address in use: 127.0.0.1:\d+/);
    } finally {
      taken.close();
    }
  });
});
