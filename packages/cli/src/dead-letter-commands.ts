import { type Command, InvalidArgumentError } from 'commander';
import type { Kafka } from 'kafkajs';

interface DeadLetterOptions {
  topic: string;
  brokers?: string;
  json?: boolean;
}

/** `charter dlq inspect|replay`: what a dead-letter topic holds, and sending it back once the cause is fixed. */
export function addDeadLetterCommands(program: Command, env: { KAFKA_BROKERS?: string }): void {
  const dlq = program.command('dlq').description('inspect or replay a dead-letter topic (<topic>.dlq)');
  const withTopic = (command: Command) =>
    command
      .requiredOption('-t, --topic <topic>', 'the dead-letter topic, e.g. orders.dlq')
      .option('-b, --brokers <host:port,...>', 'Kafka bootstrap brokers (default: $KAFKA_BROKERS)')
      .option('--json', 'print the result as JSON on stdout');

  withTopic(dlq.command('inspect'))
    .description('count the letters by class (what was refused and why)')
    .action(async (options: DeadLetterOptions) => {
      // Loaded when used: Kafka and the enforcement engine would add most of a second to every other command's start.
      const { inspectDeadLetters } = await import('@charter/enforcement/kafka');
      const report = await inspectDeadLetters(await kafkaFor(options, env), options.topic);
      if (options.json) {
        const { letters, ...counts } = report;
        const listed = letters.map(({ key, value: _value, rawHeaders: _raw, ...letter }) => ({
          ...letter,
          key: key?.toString() ?? null,
        }));
        process.stdout.write(`${JSON.stringify({ ...counts, letters: listed }, null, 2)}\n`);
        return;
      }
      process.stderr.write(`${report.total} letter(s) in ${options.topic}\n`);
      for (const [errorClass, count] of Object.entries(report.byClass))
        process.stderr.write(`  ${errorClass}: ${count}\n`);
    });

  withTopic(dlq.command('replay'))
    .description('send letters back to their topic, each at most once (recorded in <dlq>.replayed)')
    .option('-c, --class <class>', 'only letters of this class (e.g. contract-violation)')
    .option('--to <topic>', 'send them here instead of each letter’s original topic')
    .option('--no-idempotent', 'plain producer, for brokers without the idempotent one (librdkafka’s mock cluster)')
    .action(async (options: DeadLetterOptions & { class?: string; to?: string; idempotent: boolean }) => {
      const { replayDeadLetters } = await import('@charter/enforcement/kafka');
      const summary = await replayDeadLetters({
        kafka: await kafkaFor(options, env),
        topic: options.topic,
        errorClass: options.class,
        to: options.to,
        idempotent: options.idempotent,
        progress: (done, total) => {
          if (!options.json) process.stderr.write(`\rreplayed ${done}/${total}`);
        },
      });
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        process.stderr.write(
          `${summary.replayed > 0 ? '\n' : ''}replayed ${summary.replayed}; already replayed ${summary.alreadyReplayed}; other classes ${summary.otherClass}; no target ${summary.noTarget}; value omitted ${summary.valueOmitted}\n`,
        );
      }
    });
}

async function kafkaFor(options: DeadLetterOptions, env: { KAFKA_BROKERS?: string }): Promise<Kafka> {
  const brokers = (options.brokers ?? env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new InvalidArgumentError('no brokers: pass --brokers or set KAFKA_BROKERS');
  const { Kafka: Client, logLevel } = await import('kafkajs');
  return new Client({ clientId: 'charter-cli', brokers, logLevel: logLevel.NOTHING });
}
