import { ContractCache } from '../contracts/contract-cache';
import { EnforcementError } from '../enforcement.errors';
import type { RegistryClient, SchemaType } from '../registry/registry-client';
import { encodeFrame } from '../wire/wire-format';
import { checkRecord } from './check-record';
import { type Codec, compileCodec } from './codec';
import { type SubjectStrategy, subjectFor } from './subject-strategy';
import { type CompiledSchema, CompiledSchemas } from './writer-schemas';

export interface SerializerOptions {
  client: RegistryClient;
  /**
   * The schema the producer writes with. Its id under the subject is looked up (or registered, with
   * `autoRegister`). Without it, the subject's latest version is used.
   */
  schema?: { schemaType: SchemaType; schema: string };
  /** Register `schema` when the subject does not hold it yet (the registry still decides). Off unless said. */
  autoRegister?: boolean;
  subjectStrategy?: SubjectStrategy;
  isKey?: boolean;
  /** Check each value against the schema before encoding (on unless said): a bad value never reaches the topic. */
  validate?: boolean;
  /** Also check it against the contract bound to the subject, if any (on unless said; needs `validate`). */
  contracts?: boolean;
}

/**
 * Values to Confluent's wire format for a topic: the subject from the strategy, the schema id from the registry,
 * each value checked against the schema (every violation, as data), then the magic byte, id and payload.
 */
export class Serializer {
  private readonly schemas: CompiledSchemas;
  private readonly subjects = new Map<string, Promise<{ id: number; compiled: CompiledSchema }>>();
  private local: Promise<Codec> | undefined;
  private readonly contracts: ContractCache;

  constructor(private readonly options: SerializerOptions) {
    this.contracts = new ContractCache(options.client);
    this.schemas = new CompiledSchemas(options.client);
  }

  /** The framed bytes of `value`, or a `contract-violation` error listing every way it breaks the schema. */
  async serialize(topic: string, value: unknown): Promise<Buffer> {
    const subject = await this.subjectOf(topic);
    const { id, compiled } = await this.writerFor(subject);
    const { codec } = compiled;
    if (this.options.validate !== false) {
      await checkRecord(
        value,
        { compiled, schemaId: id, subject, mode: 'WRITE' },
        this.options.contracts === false ? undefined : this.contracts,
      );
    }
    return encodeFrame(id, codec.encode(value));
  }

  /** The subject this serializer writes to for a topic. */
  async subjectOf(topic: string): Promise<string> {
    const local = this.options.schema && (await this.localCodec());
    return subjectFor(this.options.subjectStrategy ?? 'topic', topic, this.options.isKey ?? false, local?.recordName);
  }

  private async writerFor(subject: string): Promise<{ id: number; compiled: CompiledSchema }> {
    // Without a schema of its own the writer follows the subject's latest version (cached and revalidated by the client).
    if (!this.options.schema) {
      const latest = await this.options.client.latest(subject);
      return { id: latest.id, compiled: await this.schemas.get(latest.id) };
    }
    let writer = this.subjects.get(subject);
    if (!writer) {
      writer = this.resolveWriter(subject, this.options.schema);
      this.subjects.set(subject, writer);
      writer.catch(() => this.subjects.delete(subject));
    }
    return writer;
  }

  private async resolveWriter(
    subject: string,
    schema: { schemaType: SchemaType; schema: string },
  ): Promise<{ id: number; compiled: CompiledSchema }> {
    const { client } = this.options;
    const found = await client.lookup(subject, schema);
    if (found) return { id: found.id, compiled: await this.schemas.get(found.id) };
    if (!this.options.autoRegister) {
      throw new EnforcementError(
        'unknown-schema',
        `subject ${subject} does not hold the producer's schema, and auto-registration is off`,
        { subject },
      );
    }
    const id = await client.register(subject, schema);
    return { id, compiled: await this.schemas.get(id) };
  }

  /** The producer's own schema compiled (for its record name), references resolved through the registry. */
  private localCodec(): Promise<Codec> {
    const { client, schema } = this.options;
    this.local ??= compileCodec({ id: -1, references: [], ...schema! }, (reference) =>
      client.version(reference.subject, reference.version),
    );
    return this.local;
  }
}
