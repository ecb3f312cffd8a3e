import { join, resolve } from 'node:path';
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatPromotion, promotionJson } from './format-promotion';
import { PromotionError } from './promotion-error';
import type { PromotionSelection } from './promotion-types';
import { type PromotionStatus, runPromotion } from './run-promotion';
import { showPromotionStatus } from './show-promotion-status';

const FORMATS = ['text', 'json'] as const;
type PromoteFormat = (typeof FORMATS)[number];

/** Exit codes of `charter promote` (README, "charter promote"). */
export const PROMOTE_EXIT_CODES: Record<PromotionStatus, number> = {
  done: 0,
  'nothing-to-do': 0,
  'dry-run': 0,
  refused: 1,
  'waiting-for-approval': 4,
};

function parseFormat(value: string): PromoteFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return value as PromoteFormat;
}

interface PromoteOptions {
  from: string;
  to: string;
  subject?: string;
  contract?: string;
  all?: boolean;
  dryRun?: boolean;
  resume?: string;
  format: PromoteFormat;
  contracts: string;
  stateDir: string;
}

/** `charter promote` and `charter promote status`: move subject versions and contracts along env.yaml's chain. */
export function addPromoteCommand(program: Command, variables: Record<string, string | undefined>): void {
  const usageExit = (error: CommanderError) => {
    throw error.exitCode === 0 ? error : new CommanderError(2, error.code, error.message);
  };
  const promote = program
    .command('promote')
    .description('promote subject versions and contracts from one environment to the next (contracts/env.yaml)')
    .option('--from <env>', 'the source environment')
    .option('--to <env>', 'the target environment (the next one in the chain)')
    .option('--subject <subject>', 'promote this subject (and the subjects it references)')
    .option('--contract <id>', "promote this contract and its subjects' versions")
    .option('--all', 'promote every subject and contract')
    .option('--dry-run', 'print the plan, write nothing')
    .option('--resume <promotionId>', 'continue this promotion (e.g. once its approval is granted)')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, parseFormat, 'text')
    .option('--contracts <dir>', 'the contracts directory holding env.yaml', 'contracts')
    .option('--state-dir <dir>', 'where promotions in progress are kept', join('.charter', 'promotions'))
    // `charter promote status --to prod`: options after `status` are its own, not promote's.
    .enablePositionalOptions()
    .exitOverride(usageExit)
    .action(async (options: PromoteOptions) => {
      await reportErrors(options.format, async () => {
        if (!options.from || !options.to) throw new PromotionError('usage', '--from and --to are required');
        const outcome = await runPromotion({
          environmentsFile: resolve(options.contracts, 'env.yaml'),
          from: options.from,
          to: options.to,
          selection: selectionOf(options),
          dryRun: options.dryRun === true,
          resume: options.resume,
          stateDir: resolve(options.stateDir),
          variables,
        });
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(promotionJson(outcome), null, 2)}\n`);
        else process.stderr.write(`${formatPromotion(outcome)}\n`);
        process.exitCode = PROMOTE_EXIT_CODES[outcome.status];
      });
    });
  promote
    .command('status')
    .description("where each promotion stands: the local ones in progress, and the targets' promotion approvals")
    .option('--to <env>', 'only promotions into this environment')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, parseFormat, 'text')
    .option('--contracts <dir>', 'the contracts directory holding env.yaml', 'contracts')
    .option('--state-dir <dir>', 'where promotions in progress are kept', join('.charter', 'promotions'))
    .exitOverride(usageExit)
    .action(async (options: { to?: string; format: PromoteFormat; contracts: string; stateDir: string }) => {
      await reportErrors(options.format, async () => {
        const report = await showPromotionStatus({
          environmentsFile: resolve(options.contracts, 'env.yaml'),
          stateDir: resolve(options.stateDir),
          to: options.to,
          variables,
        });
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(report.json, null, 2)}\n`);
        else process.stderr.write(`${report.text}\n`);
        process.exitCode = 0;
      });
    });
}

function selectionOf(options: PromoteOptions): PromotionSelection {
  const given = [options.subject, options.contract, options.all ? true : undefined].filter((x) => x !== undefined);
  if (given.length !== 1 && options.resume === undefined) {
    throw new PromotionError('usage', 'give exactly one of --subject <s>, --contract <id>, --all');
  }
  if (options.subject !== undefined) return { kind: 'subject', subject: options.subject };
  if (options.contract !== undefined) return { kind: 'contract', contract: options.contract };
  return { kind: 'all' };
}

async function reportErrors(format: PromoteFormat, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof PromotionError)) throw error;
    if (format === 'json') {
      process.stdout.write(
        `${JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }, null, 2)}\n`,
      );
    }
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
