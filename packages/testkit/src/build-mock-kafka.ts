import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

const PACKAGE_ROOT = path.join(__dirname, '..');
const SOURCE = path.join(PACKAGE_ROOT, 'native', 'mock-kafka.c');
const BUILD_DIR = path.join(PACKAGE_ROOT, '.build');
const INSTALL_HINT =
  'install a C compiler and librdkafka headers with `apt-get install -y librdkafka-dev gcc`, ' +
  'or set KAFKA_BROKERS to use a running Kafka cluster (or CHARTER_MOCK_KAFKA_BIN to a prebuilt mock-kafka)';

const execFileAsync = promisify(execFile);

/**
 * Returns the path of the mock-kafka executable: `CHARTER_MOCK_KAFKA_BIN` if set, else `native/mock-kafka.c`
 * compiled into `.build/mock-kafka-<source hash>` on first use. The binary is written under a temporary name
 * and renamed into place, so Jest workers building at once never run a half-written file.
 */
export async function buildMockKafka(): Promise<string> {
  const prebuilt = process.env.CHARTER_MOCK_KAFKA_BIN;
  if (prebuilt) return prebuilt;

  const source = await readFile(SOURCE);
  const binary = path.join(BUILD_DIR, `mock-kafka-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (await isExecutable(binary)) return binary;

  await mkdir(BUILD_DIR, { recursive: true });
  const temporary = `${binary}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // `env` passed explicitly: under Jest, `process.env` is the test's copy, not the one children inherit.
    await execFileAsync('cc', ['-O1', '-o', temporary, SOURCE, '-lrdkafka'], { env: process.env });
  } catch (error) {
    await rm(temporary, { force: true });
    throw new TestkitError(
      TestkitErrorCode.MockKafkaUnavailable,
      `cannot build the Kafka test broker (${describeBuildFailure(error)}): ${INSTALL_HINT}`,
      { cause: error },
    );
  }
  await rename(temporary, binary);
  return binary;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function describeBuildFailure(error: unknown): string {
  const { code, stderr } = error as { code?: unknown; stderr?: unknown };
  if (code === 'ENOENT') return 'no C compiler: `cc` is not on PATH';
  const output = typeof stderr === 'string' ? stderr : '';
  if (/rdkafka(_mock)?\.h/.test(output)) return 'librdkafka headers not found';
  if (/-lrdkafka/.test(output)) return 'librdkafka library not found';
  return `cc failed: ${output.trim().split('\n').slice(-5).join(' | ') || String(error)}`;
}
