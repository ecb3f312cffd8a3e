import {
  type ClosedWindow,
  type DriftEvent,
  DriftProfiler,
  type FieldSpec,
  fieldSpecsFromAvroSchema,
  type StoredProfile,
} from '@charter/drift';
import { type BoundContract, NOT_LOADED, type SubjectVersion } from '@charter/enforcement';
import type { RecordObserver } from '@charter/enforcement/kafka';
import type { Logger } from 'pino';
import { type ContractDriftSetup, contractDriftSetup } from './contract-drift-setup';

/** What the observer asks the registry (the consumer's own client: contracts are already in memory when it is asked). */
export interface DriftContracts {
  knownContractFor(subject: string): BoundContract | undefined | typeof NOT_LOADED;
  latest(subject: string): Promise<SubjectVersion>;
}

export interface StreamDriftObserverOptions {
  subject: string;
  topic: string;
  contracts: DriftContracts;
  /** Stored baselines (`CHARTER_PIPELINE_DRIFT_BASELINE`); the one of the bound contract's id is used. */
  baselines: readonly StoredProfile[];
  onWindow(window: ClosedWindow): void;
  onDrift(event: DriftEvent): void;
  logger: Logger;
}

/** The profiler for one contract version, or none (yet) and why. */
interface Profiled {
  key: string;
  contract: { id: string; version: string };
  profiler: DriftProfiler | undefined;
  fields: string;
}

/**
 * A stream's drift profiler, built from the contract bound to its subject as the consumer reads records: the fields
 * and kinds the contract declares (or, when it declares none, the subject's writer schema), its `drift` thresholds and
 * windows, and a stored baseline for that contract if one was given. A new contract version gets a new profiler; the
 * baseline carries over when the profiled fields did not change. A subject no contract describes is not profiled: a
 * drift event is about a contract and goes to its owners. Everything here is synchronous and bounded (the
 * consumer's RecordObserver); a record seen before the contracts are known is not profiled.
 */
export class StreamDriftObserver implements RecordObserver {
  private profiled: Profiled | undefined;
  private unbound = false;
  private writerSchemaFailing = false;

  constructor(private readonly options: StreamDriftObserverOptions) {}

  /** The profiler in use (for tests and shutdown), if any. */
  get profiler(): DriftProfiler | undefined {
    return this.profiled?.profiler;
  }

  observe(value: unknown): void {
    const contract = this.options.contracts.knownContractFor(this.options.subject);
    if (contract === NOT_LOADED) return;
    if (contract === undefined) {
      if (!this.unbound) {
        this.unbound = true;
        this.options.logger.info(
          { event: 'drift.unbound', subject: this.options.subject },
          'no contract is bound to the subject: its records are not profiled for drift',
        );
      }
      return;
    }
    this.unbound = false;
    const key = `${contract.id}\u0000${contract.version}`;
    if (this.profiled?.key !== key) this.switchTo(contract, key);
    this.profiled?.profiler?.observe(value);
  }

  private switchTo(contract: BoundContract, key: string): void {
    const { logger, subject } = this.options;
    const setup = contractDriftSetup(contract.document, subject);
    if (setup.problem) {
      logger.warn(
        { event: 'drift.settings-ignored', contract: contract.id, version: contract.version, problem: setup.problem },
        "the contract's drift property cannot be read: profiling with the defaults",
      );
    }
    const previous = this.profiled;
    const entry: Profiled = {
      key,
      contract: { id: contract.id, version: contract.version },
      profiler: undefined,
      fields: '',
    };
    this.profiled = entry;
    if (setup.fields.length > 0) {
      this.start(entry, setup, setup.fields, previous);
      return;
    }
    // The contract declares no fields: their kinds come from the writer schema, read once, beside the stream.
    this.options.contracts.latest(subject).then(
      (latest) => {
        if (this.profiled !== entry) return;
        this.writerSchemaFailing = false;
        const fields = latest.schemaType === 'AVRO' ? writerSchemaFields(latest.schema, setup) : [];
        if (fields.length > 0) this.start(entry, setup, fields, previous);
        else {
          logger.info(
            { event: 'drift.no-fields', contract: contract.id, subject },
            'neither the contract nor the writer schema names fields to profile: no drift detection',
          );
        }
      },
      (error: Error) => {
        if (this.profiled !== entry) return;
        // Asked again at the next record.
        this.profiled = previous;
        if (!this.writerSchemaFailing) {
          this.writerSchemaFailing = true;
          logger.warn(
            { event: 'drift.writer-schema-failed', subject, error: error.message },
            'the writer schema to profile with cannot be read now; asking again with the next records',
          );
        }
      },
    );
  }

  private start(entry: Profiled, setup: ContractDriftSetup, fields: FieldSpec[], previous: Profiled | undefined) {
    entry.fields = JSON.stringify(fields.map((field) => [field.path, field.kind]));
    const carried =
      previous?.profiler?.baselineReady &&
      previous.contract.id === entry.contract.id &&
      previous.fields === entry.fields
        ? previous.profiler.storedBaseline()
        : undefined;
    const stored = this.options.baselines.find((profile) => profile.contract.id === entry.contract.id);
    const baseline = carried ?? stored;
    entry.profiler = new DriftProfiler({
      contract: entry.contract,
      source: `kafka:${this.options.topic}`,
      fields,
      ...(setup.settings ? { settings: setup.settings } : {}),
      ...(baseline ? { baseline } : {}),
      onWindow: this.options.onWindow,
      onDrift: this.options.onDrift,
    });
    const { settings } = entry.profiler;
    this.options.logger.info(
      {
        event: 'drift.profiling',
        contract: entry.contract.id,
        version: entry.contract.version,
        topic: this.options.topic,
        fields: fields.length,
        windowRecords: settings.windowRecords,
        ...(settings.windowMs === undefined ? {} : { windowMs: settings.windowMs }),
        baseline: carried ? 'carried over' : stored ? 'stored profile' : `first ${settings.baselineWindows} windows`,
      },
      'profiling the stream for drift',
    );
  }
}

function writerSchemaFields(schema: string, setup: ContractDriftSetup): FieldSpec[] {
  try {
    return fieldSpecsFromAvroSchema(JSON.parse(schema), setup.settings ? { drift: setup.settings } : {});
  } catch {
    return [];
  }
}
