import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_KEPT = 4_000;

interface Waiter {
  resolve(line: string): void;
  reject(error: Error): void;
}

/**
 * A running mock-kafka child. Commands are written one at a time; each waits for its `ok` / `error …` line.
 * Every command rejects once the child has exited.
 */
export class MockKafkaProcess {
  private readonly waiters: Waiter[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private exitError: TestkitError | undefined;
  private stderr = '';
  private readonly closed: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    child.stdin.on('error', () => undefined); // writing after exit: reported through `exitError`
    createInterface({ input: child.stdout }).on('line', (line) => this.waiters.shift()?.resolve(line));
    this.closed = new Promise((resolve) => {
      const onEnd = (reason: string) => {
        this.exitError ??= new TestkitError(
          TestkitErrorCode.MockKafkaExited,
          `mock Kafka broker ${reason}${this.stderr ? `: ${this.stderr.trim()}` : ''}`,
        );
        for (const waiter of this.waiters.splice(0)) waiter.reject(this.exitError);
        resolve();
      };
      child.on('error', (error) => onEnd(`failed to run (${error.message})`));
      child.on('close', (code, signal) => onEnd(`exited (${signal ?? `code ${code}`})`));
    });
  }

  /** Starts `binary` with `args` and resolves with the bootstrap servers it prints first. */
  static async start(binary: string, args: string[]): Promise<{ process: MockKafkaProcess; bootstraps: string }> {
    const mock = new MockKafkaProcess(spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], env: process.env }));
    let timer: NodeJS.Timeout | undefined;
    try {
      const bootstraps = await Promise.race([
        mock.nextLine(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new TestkitError(TestkitErrorCode.MockKafkaExited, 'mock Kafka broker did not start in time')),
            START_TIMEOUT_MS,
          );
        }),
      ]);
      return { process: mock, bootstraps };
    } catch (error) {
      await mock.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one command line and resolves when the child answers `ok`; rejects on `error …` or exit. */
  command(line: string): Promise<void> {
    const run = this.queue.then(async () => {
      const reply = this.nextLine();
      this.child.stdin.write(`${line}\n`);
      const answer = await reply;
      if (answer !== 'ok') {
        throw new TestkitError(
          TestkitErrorCode.MockKafkaCommandFailed,
          `mock Kafka broker refused \`${line}\`: ${answer.replace(/^error /, '')}`,
        );
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the child's input and waits for it to exit, killing it if it has not after a few seconds. */
  async stop(): Promise<void> {
    if (this.exitError) return this.closed;
    this.exitError = new TestkitError(TestkitErrorCode.MockKafkaExited, 'mock Kafka broker was stopped');
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.closed;
    clearTimeout(timer);
  }

  private nextLine(): Promise<string> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
}
