import type { BoundContract, RegistryClient } from '../registry/registry-client';
import { type ContractRules, compileContractRules } from './contract-rules';

/** The compiled rules of the contract bound to each subject: compiled once per contract version. */
export class ContractCache {
  private readonly compiled = new Map<string, ContractRules | undefined>();
  /** The same, by the client's contract object: found without building a key while the client serves that object. */
  private readonly byContract = new WeakMap<BoundContract, Map<string, ContractRules | undefined>>();

  constructor(private readonly client: RegistryClient) {}

  async rulesFor(subject: string): Promise<ContractRules | undefined> {
    const contract = await this.client.contractFor(subject);
    if (!contract) return undefined;
    let bySubject = this.byContract.get(contract);
    if (!bySubject) {
      bySubject = new Map();
      this.byContract.set(contract, bySubject);
    }
    if (bySubject.has(subject)) return bySubject.get(subject);
    const key = `${contract.id}\u0000${contract.version}\u0000${subject}`;
    if (!this.compiled.has(key)) this.compiled.set(key, compileContractRules(contract, subject));
    const rules = this.compiled.get(key);
    bySubject.set(subject, rules);
    return rules;
  }
}
