import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { readApiKey } from '../registry-credentials';
import { formatPipelineReport } from './format-pipeline-report';
import { readPipelineSamples } from './read-pipeline-samples';
import { runPipelineSamples } from './run-pipeline-samples';
import { startLocalPipeline } from './start-local-pipeline';

interface PipelineRunOptions {
  file?: string[];
  pipelineUrl?: string;
  registry?: string;
  key?: string;
  keyFile?: string;
  brokers?: string;
  lineage?: string;
  contracts: string;
  timeout: number;
  json?: boolean;
}

const DEFAULT_FILES = ['contracts/samples/orders.jsonl', 'contracts/samples/user-events.jsonl'];

/** `charter pipeline run`: the sample events through the sample pipeline, every record accounted for. */
export function addPipelineCommands(
  program: Command,
  env: { CHARTER_REGISTRY_URL?: string; CHARTER_API_KEY?: string; KAFKA_BROKERS?: string },
): void {
  const pipeline = program.command('pipeline').description('the sample orders pipeline (apps/pipeline)');
  pipeline
    .command('run')
    .description(
      'push the sample events through the pipeline and check produced, stored and dead-lettered against the manifest',
    )
    .option('-f, --file <path...>', `samples files, one topic each (default: ${DEFAULT_FILES.join(' ')})`)
    .option('-p, --pipeline-url <url>', 'a running pipeline (e.g. http://localhost:8090); default: start one here')
    .option(
      '-r, --registry <url>',
      'the registry (default: $CHARTER_REGISTRY_URL; with neither, the pipeline’s, or a private one with contracts/)',
    )
    .option('-k, --key <keyId:secret>', 'API key for the registry (default: $CHARTER_API_KEY; never shown)')
    .option('--key-file <path>', 'read the API key from a file (e.g. .charter/admin.key)')
    .option('-b, --brokers <host:port,...>', 'Kafka (default: $KAFKA_BROKERS; with neither, the embedded broker)')
    .option('-l, --lineage <url>', 'where a pipeline started here sends its lineage (default: none)')
    .option('--contracts <dir>', 'what a private registry is given', 'contracts')
    .option('--timeout <seconds>', 'how long to wait for the sinks', parseSeconds, 60)
    .option('--json', 'print the report as JSON on stdout')
    .action(async (options: PipelineRunOptions) => {
      const say = (line: string) => {
        if (!options.json) process.stderr.write(`${line}\n`);
      };
      const files = await readPipelineSamples((options.file ?? DEFAULT_FILES).map((file) => resolve(file)));
      const credentials = readApiKey({ key: options.key ?? env.CHARTER_API_KEY, keyFile: options.keyFile });
      const registryUrl = options.registry ?? env.CHARTER_REGISTRY_URL;
      const brokers = listOf(options.brokers ?? env.KAFKA_BROKERS);
      let target: { pipelineUrl: string; described: string; close(): Promise<void> };
      let registry: { url?: string; credentials?: { keyId: string; secret: string } } = {
        url: registryUrl,
        credentials,
      };
      if (options.pipelineUrl) {
        target = { pipelineUrl: options.pipelineUrl, described: options.pipelineUrl, close: async () => undefined };
      } else {
        const local = await startLocalPipeline({
          brokers,
          registry: registryUrl ? { url: registryUrl, credentials } : undefined,
          contractsDir: resolve(options.contracts),
          lineageUrl: options.lineage,
          progress: say,
        });
        target = local;
        registry = { url: local.registryUrl, credentials: local.registryCredentials };
      }
      try {
        const report = await runPipelineSamples({
          pipelineUrl: target.pipelineUrl,
          files,
          brokers: options.pipelineUrl ? brokers : undefined,
          registryUrl: registry.url,
          registryCredentials: registry.credentials,
          timeoutMs: options.timeout * 1_000,
          progress: say,
        });
        if (options.json)
          process.stdout.write(`${JSON.stringify({ pipeline: target.described, ...report }, null, 2)}\n`);
        else process.stderr.write(`${formatPipelineReport(report, target.described)}\n`);
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await target.close();
      }
    });
}

function listOf(value: string | undefined): string[] | undefined {
  const list = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a number of seconds');
  return seconds;
}
