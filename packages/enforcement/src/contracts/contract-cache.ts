import type { RegistryClient } from '../registry/registry-client';
import { type ContractRules, compileContractRules } from './contract-rules';

/** The compiled rules of the contract bound to each subject: compiled once per contract version. */
export class ContractCache {
  private readonly compiled = new Map<string, ContractRules | undefined>();

  constructor(private readonly client: RegistryClient) {}

  async rulesFor(subject: string): Promise<ContractRules | undefined> {
    const contract = await this.client.contractFor(subject);
    if (!contract) return undefined;
    const key = `${contract.id}\u0000${contract.version}\u0000${subject}`;
    if (!this.compiled.has(key)) this.compiled.set(key, compileContractRules(contract, subject));
    return this.compiled.get(key);
  }
}
