import { writeFile } from 'node:fs/promises';
import { buildPrometheusRules, formatPrometheusRules, formatSlaProblem, type ReadSlaResult } from '@charter/sla';
import { readSlaFile } from '@charter/sla/node';
import { type Command, CommanderError } from 'commander';

const DEFAULT_SLA_FILE = 'runbooks/platform-sla.yaml';

/** Reads the SLA file; an unreadable file is an input error (exit 2, as in the other commands): `undefined`. */
async function readOrReport(file: string): Promise<ReadSlaResult | undefined> {
  try {
    return await readSlaFile(file);
  } catch (error) {
    process.stderr.write(
      `charter: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    process.exitCode = 2;
    return undefined;
  }
}

/**
 * `charter sla check|rules`: the platform SLA (OpenSLO v1) validated line by line, and turned into the equivalent
 * Prometheus recording and alerting rules. Exit codes: 0 valid, 1 problems in the file, 2 unreadable file or usage.
 */
export function addSlaCommands(program: Command): void {
  const sla = program
    .command('sla')
    .description('the platform SLA as OpenSLO v1: check it, emit its Prometheus rules')
    .exitOverride((error) => {
      throw new CommanderError(error.exitCode === 0 ? 0 : 2, error.code, error.message);
    });

  sla
    .command('check')
    .description('validate an SLA file (OpenSLO v1, references, PromQL, Charter annotations) and list its problems')
    .option('-f, --file <path>', 'the SLA file', DEFAULT_SLA_FILE)
    .option('--json', 'print the problems and SLOs as JSON on stdout')
    .action(async (options: { file: string; json?: boolean }) => {
      const result = await readOrReport(options.file);
      if (!result) return;
      if (options.json) {
        const summary = {
          file: options.file,
          problems: result.problems,
          slos: result.sla?.slos.map((slo) => slo.name) ?? [],
          severities: result.sla?.severities ?? {},
        };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      } else if (result.sla) {
        const severities = Object.keys(result.sla.severities).sort().join(', ') || 'none';
        process.stderr.write(
          `ok   ${options.file}: ${result.sla.slos.length} SLO(s), ${result.sla.services.length} service(s), ` +
            `time to detect/recover for ${severities}\n`,
        );
      } else {
        process.stderr.write(`${result.problems.map(formatSlaProblem).join('\n')}\n`);
      }
      process.exitCode = result.sla ? 0 : 1;
    });

  sla
    .command('rules')
    .description('print the Prometheus recording and alerting rules equivalent to an SLA file (rule_files YAML)')
    .option('-f, --file <path>', 'the SLA file', DEFAULT_SLA_FILE)
    .option('-o, --out <path>', 'write the rules to this file instead of stdout')
    .action(async (options: { file: string; out?: string }) => {
      const result = await readOrReport(options.file);
      if (!result) return;
      if (!result.sla) {
        process.stderr.write(`${result.problems.map(formatSlaProblem).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      const text = formatPrometheusRules(buildPrometheusRules(result.sla));
      if (options.out) {
        await writeFile(options.out, text);
        process.stderr.write(`wrote ${options.out}\n`);
      } else process.stdout.write(text);
      process.exitCode = 0;
    });
}
