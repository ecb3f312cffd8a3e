import { existsSync } from 'node:fs';
import {
  type SchemaInput,
  type SchemaLimits,
  schemaErrorOf,
  type VerifySchemaOutcome,
  verifySchema,
} from '@charter/schema';
import { Piscina } from 'piscina';
import { RegistryErrors } from '../errors/registry.errors';

/**
 * Runs the library half of parsing a schema (avsc or ajv generating code for it: work that grows with the schema)
 * and throws the schema's error if it has one. The registry then builds its own model on the event loop, which
 * stays cheap under the schema limits.
 */
export interface SchemaVerifier {
  verify(input: SchemaInput): Promise<void>;
  close(): Promise<void>;
}

/** On the calling thread: for small schemas (a worker round trip would cost more) and where no worker can run. */
export class InlineSchemaVerifier implements SchemaVerifier {
  constructor(private readonly limits: Partial<SchemaLimits>) {}

  async verify(input: SchemaInput): Promise<void> {
    throwIfRefused(verifySchema({ input, limits: this.limits }));
  }

  async close(): Promise<void> {}
}

/**
 * A bounded pool of worker threads (piscina): large schemas are verified there, one per thread at a time, so a
 * 10 000-field schema never holds up `/health` or a cached read. A full queue answers 503 (retriable) rather than
 * holding work without bound.
 */
export class WorkerSchemaVerifier implements SchemaVerifier {
  private readonly pool: Piscina;

  constructor(
    private readonly limits: Partial<SchemaLimits>,
    options: { threads: number; maxQueue: number; taskFile: string; heapMb: number },
  ) {
    this.pool = new Piscina({
      filename: options.taskFile,
      name: 'verifySchema',
      minThreads: 0,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
      idleTimeout: 30_000,
      // Each thread's heap is its share of the memory budget (a thread over it ends, and its task fails).
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
    });
  }

  async verify(input: SchemaInput): Promise<void> {
    let outcome: VerifySchemaOutcome;
    try {
      outcome = await this.pool.run({ input, limits: this.limits });
    } catch (error) {
      if (/queue is at limit/i.test((error as Error).message)) throw RegistryErrors.busy('schema verification');
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw RegistryErrors.schemaTooLarge(
          'verifying it needs more memory than a schema worker has (its share of CHARTER_MEMORY_BUDGET_MB)',
        );
      }
      throw error;
    }
    throwIfRefused(outcome);
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Where the compiled task lives: `@charter/schema`'s build (a worker thread loads JavaScript, not TypeScript). */
export function verifySchemaTaskFile(): string | undefined {
  try {
    const file = require.resolve('@charter/schema/dist/verify-schema.js');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

function throwIfRefused(outcome: VerifySchemaOutcome): void {
  if (!outcome.ok) throw schemaErrorOf(outcome);
}
