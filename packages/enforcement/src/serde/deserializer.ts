import { ContractCache } from '../contracts/contract-cache';
import { EnforcementError } from '../enforcement.errors';
import { NOT_LOADED, type RegistryClient } from '../registry/registry-client';
import { decodeFrame } from '../wire/wire-format';
import { findViolationsWith, recordRefusal } from './check-record';
import { type SubjectStrategy, subjectFor } from './subject-strategy';
import { type CompiledSchema, CompiledSchemas } from './writer-schemas';

export interface DeserializerOptions {
  client: RegistryClient;
  subjectStrategy?: SubjectStrategy;
  isKey?: boolean;
  /** Check each decoded value against its schema (on unless said). */
  validate?: boolean;
  /** Also against the contract bound to the topic's subject, if any (on unless said; needs `validate`). */
  contracts?: boolean;
  /**
   * Refuse (`wrong-subject`) a record whose schema id is not a version of the topic's subject: bytes written for
   * another topic's schema decode into the wrong shape. On unless said.
   */
  checkSubject?: boolean;
}

export interface Deserialized {
  value: unknown;
  schemaId: number;
}

/**
 * Confluent's wire format back to values: header, the writer's schema by id (cached for good), payload decoded with
 * it, checked against it. Each failure is an EnforcementError whose class says whether to dead-letter the record
 * (`deserialization`, `unknown-schema`, `wrong-subject`, `contract-violation`) or pause and retry
 * (`registry-unavailable`).
 */
export class Deserializer {
  private readonly schemas: CompiledSchemas;
  private readonly contracts: ContractCache;
  /** Compiled schemas by id, with the subjects each was found to be a version of. */
  private readonly warm = new Map<number, { compiled: CompiledSchema; subjects: Set<string> }>();

  constructor(private readonly options: DeserializerOptions) {
    this.contracts = new ContractCache(options.client);
    this.schemas = new CompiledSchemas(options.client);
  }

  async deserialize(topic: string, bytes: Uint8Array | null | undefined): Promise<Deserialized> {
    const { schemaId, payload } = decodeFrame(bytes);
    // Once an id is compiled and its subject checked, a record is read without waiting on anything.
    let warm = this.warm.get(schemaId);
    if (!warm) {
      warm = { compiled: await this.schemas.get(schemaId), subjects: new Set() };
      this.warm.set(schemaId, warm);
    }
    const { compiled } = warm;
    const { codec } = compiled;
    const subject = subjectFor(
      this.options.subjectStrategy ?? 'topic',
      topic,
      this.options.isKey ?? false,
      codec.recordName,
    );
    if (this.options.checkSubject !== false && !warm.subjects.has(subject)) {
      await this.checkSubject(subject, schemaId);
      warm.subjects.add(subject);
    }
    let value: unknown;
    try {
      value = codec.decode(payload);
    } catch (error) {
      // The id was read: say which schema the payload did not decode with (a dead letter's header names it).
      if (error instanceof EnforcementError) {
        throw new EnforcementError(error.errorClass, error.message, { ...error.details, schemaId }, { cause: error });
      }
      throw error;
    }
    if (this.options.validate !== false) {
      const contracts = this.options.contracts === false ? undefined : this.contracts;
      let rules = contracts?.knownRulesFor(subject);
      if (rules === NOT_LOADED) rules = await this.contracts.rulesFor(subject);
      const target = { compiled, schemaId, subject, mode: 'READ', decoded: true } as const;
      const violations = findViolationsWith(value, target, rules);
      if (violations.length > 0) throw recordRefusal(violations, target);
    }
    return { value, schemaId };
  }

  private async checkSubject(subject: string, schemaId: number): Promise<void> {
    const holders = await this.options.client.subjectsOf(schemaId);
    if (!holders.some((holder) => holder.subject === subject)) {
      throw new EnforcementError(
        'wrong-subject',
        `schema ${schemaId} is not a version of ${subject} (it is registered under ${holders.map((holder) => holder.subject).join(', ') || 'no subject'})`,
        { schemaId, subject },
      );
    }
  }
}
