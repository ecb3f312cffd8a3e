import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readSla } from '@charter/sla';
import type { TestKafka } from '@charter/testkit';
import { type Command, CommanderError } from 'commander';
import type { CliEnvironment } from '../create-program';
import { authorizationHeader } from '../registry-credentials';
import { DrillError } from './drill-error';
import { exitCodeOf } from './drill-report';
import { formatScenarioProblem, loadScenario } from './drill-scenario';
import { formatDrillSummary } from './format-drill-report';
import { runDrill } from './run-drill';

interface DrillCommandOptions {
  registry: string;
  lineage: string;
  pipeline: string;
  kafka: string;
  incidents?: string;
  proxyUrl?: string;
  key?: string;
  keyFile?: string;
  runbooks: string;
  sla?: string;
  out: string;
  json?: boolean;
}

const fail = (message: string, code = 2) => {
  process.stderr.write(`charter drill: ${message}\n`);
  process.exitCode = code;
};

/**
 * `charter drill <scenario>`: a chaos drill against the running stack (ADR 0021). Exit codes: 0 every hypothesis
 * held; 1 one failed (or the fault went undetected); 2 bad input or a component not running; 130 interrupted.
 */
export function addDrillCommand(program: Command, env: CliEnvironment): void {
  program
    .command('drill')
    .description('run a chaos drill (runbooks/scenarios/<scenario>.yaml) against the running stack')
    .argument('<scenario>', 'a scenario name in runbooks/scenarios/, or a path to a scenario file')
    .option('-r, --registry <url>', 'registry base URL', env.CHARTER_REGISTRY_URL ?? 'http://localhost:8081')
    .option('--lineage <url>', 'lineage service base URL', env.CHARTER_LINEAGE_URL ?? 'http://localhost:5000')
    .option('--pipeline <url>', 'sample pipeline base URL', env.CHARTER_PIPELINE_URL ?? 'http://localhost:8090')
    .option(
      '--kafka <brokers>',
      "the pipeline's Kafka brokers, comma-separated (pipeline-records workloads); `embedded`: a mock broker the " +
        'drill starts, whose fault controls broker-down needs',
      env.KAFKA_BROKERS ?? 'localhost:9092',
    )
    .option(
      '--incidents <url>',
      'the registry that keeps the incident (default: --registry; another one for postgres-down)',
    )
    .option(
      '--proxy-url <url>',
      "the API of a fault proxy in front of the registry's postgres or redis (`charter chaos proxy`; postgres-down, redis-down)",
      env.CHARTER_CHAOS_URL,
    )
    .option('-k, --key <keyId:secret>', 'an admin API key (default: $CHARTER_API_KEY; never shown)')
    .option('--key-file <path>', 'read the API key from a file', '.charter/admin.key')
    .option('--runbooks <dir>', 'the runbooks directory (scenarios, runbooks, SLA, post-mortem template)', 'runbooks')
    .option('--sla <file>', 'the SLA file (default: <runbooks>/platform-sla.yaml)')
    .option('-o, --out <dir>', 'where the post-mortem is written', '.charter/postmortems')
    .option('--json', 'print the drill report as JSON on stdout')
    .exitOverride((error) => {
      throw new CommanderError(error.exitCode === 0 ? 0 : 2, error.code, error.message);
    })
    .action(async (name: string, options: DrillCommandOptions) => {
      const scenarioFile =
        name.endsWith('.yaml') || name.includes('/') ? name : path.join(options.runbooks, 'scenarios', `${name}.yaml`);
      let texts: { scenario: string; sla: string };
      try {
        texts = {
          scenario: await readFile(scenarioFile, 'utf8'),
          sla: await readFile(options.sla ?? path.join(options.runbooks, 'platform-sla.yaml'), 'utf8'),
        };
      } catch (error) {
        const { code, path: file } = error as NodeJS.ErrnoException;
        return fail(`cannot read ${file ?? scenarioFile}: ${code ?? (error as Error).message}`);
      }
      const loaded = loadScenario(texts.scenario);
      if (!loaded.ok) return fail(loaded.problems.map((p) => formatScenarioProblem(scenarioFile, p)).join('\n'));
      const sla = readSla(texts.sla, options.sla ?? 'platform-sla.yaml');
      if (!sla.sla) return fail(`the SLA does not validate (charter sla check): ${sla.problems.length} problem(s)`);
      let runbookText: string;
      try {
        runbookText = await readFile(path.join(options.runbooks, loaded.scenario.runbook), 'utf8');
      } catch (error) {
        return fail(`cannot read the runbook ${loaded.scenario.runbook}: ${(error as NodeJS.ErrnoException).code}`);
      }
      let headers: Record<string, string>;
      try {
        headers = authorizationHeader({ key: options.key ?? env.CHARTER_API_KEY, keyFile: options.keyFile });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return fail(
          code === 'ENOENT'
            ? `no API key: set CHARTER_API_KEY or --key-file (${options.keyFile} does not exist)`
            : (error as Error).message,
        );
      }
      const authorization = headers.authorization;
      let kafka: { brokers: string[]; idempotent?: boolean; controls?: TestKafka } = {
        brokers: options.kafka.split(',').map((broker) => broker.trim()),
      };
      if (options.kafka === 'embedded') {
        if (env.KAFKA_BROKERS) return fail('--kafka embedded starts its own broker: unset KAFKA_BROKERS');
        const workload = loaded.scenario.workload;
        const topic = workload?.kind === 'pipeline-records' ? workload.topic : undefined;
        try {
          const { startTestKafka } = await import('@charter/testkit');
          const embedded = await startTestKafka({ topics: topic ? [topic, `${topic}.dlq`] : [] });
          // librdkafka's mock broker has no idempotent producer for kafkajs (ADR 0003).
          kafka = { brokers: embedded.brokers, idempotent: false, controls: embedded };
        } catch (error) {
          return fail(`cannot start the embedded Kafka broker: ${(error as Error).message}`);
        }
      }
      const controller = new AbortController();
      const onSigint = () => {
        process.stderr.write('\ncharter drill: interrupted — removing the fault, closing the incident\n');
        controller.abort(new Error('interrupted (SIGINT)'));
      };
      process.once('SIGINT', onSigint);
      try {
        const report = await runDrill({
          scenario: loaded.scenario,
          sla: sla.sla,
          runbookText,
          postmortemTemplate: path.join(options.runbooks, 'postmortem.md.hbs'),
          outputDir: options.out,
          registry: { url: options.registry, authorization },
          lineage: { url: options.lineage, authorization },
          pipeline: { url: options.pipeline, authorization },
          kafka,
          ...(options.incidents ? { incidents: { url: options.incidents, authorization } } : {}),
          ...(options.proxyUrl ? { faultProxyUrl: options.proxyUrl } : {}),
          signal: controller.signal,
          onProgress: (line) => process.stderr.write(`[drill] ${line}\n`),
        });
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        process.stderr.write(formatDrillSummary(report));
        process.exitCode = exitCodeOf(report);
      } catch (error) {
        if (error instanceof DrillError) return fail(error.message);
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
        await kafka.controls?.stop();
      }
    });
}
