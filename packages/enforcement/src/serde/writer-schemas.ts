import type { RegistryClient } from '../registry/registry-client';
import { compileDomainRules, type DomainRules } from '../rules/domain-rules';
import { type Codec, compileCodec } from './codec';

/** A schema id compiled for records: its codec and its domain rules. */
export interface CompiledSchema {
  codec: Codec;
  rules: DomainRules;
}

/** Schemas by id, compiled once (ids are immutable); a failure is not kept, so the next record asks again. */
export class CompiledSchemas {
  private readonly byId = new Map<number, Promise<CompiledSchema>>();
  private readonly compiled = new Map<number, CompiledSchema>();

  constructor(private readonly client: RegistryClient) {}

  /** The schema with this id if it is compiled already (no waiting), else undefined: ask `get`. */
  known(id: number): CompiledSchema | undefined {
    return this.compiled.get(id);
  }

  get(id: number): Promise<CompiledSchema> {
    let compiled = this.byId.get(id);
    if (!compiled) {
      compiled = this.client.schemaById(id).then(async (schema) => ({
        codec: await compileCodec(schema, (reference) => this.client.version(reference.subject, reference.version)),
        rules: compileDomainRules(schema.ruleSet),
      }));
      this.byId.set(id, compiled);
      compiled.then(
        (done) => this.compiled.set(id, done),
        () => this.byId.delete(id),
      );
    }
    return compiled;
  }
}
