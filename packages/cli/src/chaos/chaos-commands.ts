import { readFile } from 'node:fs/promises';
import { type ChaosServer, DEFAULT_API_LISTEN, startChaosServer } from '@charter/chaos';
import type { Command } from 'commander';

interface ChaosProxyOptions {
  listen: string;
  config?: string;
}

/** `charter chaos proxy`: the fault proxy (`@charter/chaos`) until SIGINT or SIGTERM. */
export function addChaosCommands(program: Command, signals: NodeJS.EventEmitter = process): void {
  const chaos = program.command('chaos').description('fault injection for incident drills (packages/chaos)');
  chaos
    .command('proxy')
    .description('run the fault proxy: TCP proxies with Toxiproxy toxics behind a Toxiproxy-compatible HTTP API')
    .option('--listen <host:port>', 'address of the control API', DEFAULT_API_LISTEN)
    .option('--config <path>', 'proxies to create at start: a Toxiproxy config (JSON array of name, listen, upstream)')
    .action(async (options: ChaosProxyOptions) => {
      const proxies = options.config === undefined ? undefined : await readProxiesConfig(options.config);
      const server = await startChaosServer({
        listen: options.listen,
        proxies,
        onUnexpectedError: (error) => process.stderr.write(`charter chaos proxy: ${String(error)}\n`),
      });
      describeServer(server);
      await new Promise<void>((resolve) => {
        const stop = () => {
          signals.off('SIGINT', stop);
          signals.off('SIGTERM', stop);
          resolve();
        };
        signals.on('SIGINT', stop);
        signals.on('SIGTERM', stop);
      });
      await server.close();
      process.stderr.write('fault proxy stopped\n');
    });
}

async function readProxiesConfig(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the proxies config ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the proxies config ${path} is not JSON: ${(error as Error).message}`);
  }
}

function describeServer(server: ChaosServer): void {
  const lines = [`fault proxy API on ${server.url} (Toxiproxy-compatible)`];
  for (const proxy of server.collection.list()) {
    lines.push(`  ${proxy.name}: ${proxy.listen} → ${proxy.upstream}${proxy.enabled ? '' : ' (disabled)'}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
